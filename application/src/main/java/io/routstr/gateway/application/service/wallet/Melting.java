package io.routstr.gateway.application.service.wallet;

import io.routstr.gateway.application.port.out.MintPort.Call;
import io.routstr.gateway.application.port.out.MintPort.MeltQuoteInfo;
import io.routstr.gateway.application.port.out.MintPort.MintKeyset;
import io.routstr.gateway.application.port.out.MintPort.RefusalKind;
import io.routstr.gateway.application.port.out.WalletCryptoPort.Output;
import io.routstr.gateway.application.port.out.WalletJournalPort.Operation;
import io.routstr.gateway.application.port.out.WalletJournalPort.OperationKind;
import io.routstr.gateway.application.port.out.WalletJournalPort.OperationState;
import io.routstr.gateway.application.port.out.WalletProofStorePort.NewProof;
import io.routstr.gateway.application.port.out.WalletProofStorePort.StoredProof;
import io.routstr.gateway.application.service.wallet.EcashWallet.Failure;
import io.routstr.gateway.application.service.wallet.EcashWallet.FailureKind;
import io.routstr.gateway.application.service.wallet.EcashWallet.MeltOutcome;
import io.routstr.gateway.application.service.wallet.EcashWallet.MeltPending;
import io.routstr.gateway.application.service.wallet.EcashWallet.Melted;
import io.routstr.gateway.application.service.wallet.EcashWallet.QuoteState;
import io.routstr.gateway.domain.ecash.KeysetId;
import io.routstr.gateway.domain.ecash.Proof;
import io.routstr.gateway.domain.ecash.QuoteId;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Paying Lightning invoices (NUT-05): a melt quote, proofs covering its amount and fee reserve claimed, blank outputs
 * (NUT-08) reserved for the change, and the payment's answer settled: paid, pending (proofs stay locked until
 * recovery sees it settle) or failed (inputs back by their state at the mint).
 */
record Melting(WalletSteps steps) {

    MeltOutcome melt(MintUrl mint, CurrencyUnit unit, String bolt11, Predicate<QuoteId> beforePaying) {
        Objects.requireNonNull(bolt11, "invoice");
        Objects.requireNonNull(beforePaying, "before paying");
        MintAt client = steps.mint(mint);
        Call<MeltQuoteInfo> quoted = client.createMeltQuote(bolt11, unit);
        if (!(quoted instanceof Call.Ok<MeltQuoteInfo>(MeltQuoteInfo quote))) {
            return WalletSteps.refusal(quoted);
        }
        if (!beforePaying.test(quote.quote())) {
            return Failure.of(FailureKind.PAYMENT_FAILED, "the payment was called off before anything was paid");
        }
        Checked<Map<KeysetId, Long>> feeTable = steps.feeTable(client);
        if (!(feeTable instanceof Checked.Value<Map<KeysetId, Long>>(Map<KeysetId, Long> fees))) {
            return feeTable.refusal();
        }
        long needed = Math.addExact(quote.amount(), quote.feeReserve());
        UUID opId = UUID.randomUUID();
        Instant now = steps.clock().now();
        Checked<List<StoredProof>> claim = steps.openAndClaim(
                Operation.prepare(
                        opId, OperationKind.MELT, mint, unit, Optional.of(quote.quote()), Optional.empty(), now),
                ProofSelection.covering(needed, fees),
                "the wallet holds too little to pay this invoice");
        if (!(claim instanceof Checked.Value<List<StoredProof>>(List<StoredProof> claimed))) {
            return claim.refusal();
        }
        List<Proof> inputs = claimed.stream().map(StoredProof::proof).toList();
        long sum = Amounts.sum(inputs);
        long overpaid = sum - Amounts.inputFee(inputs, fees) - quote.amount();
        int blanks = Amounts.blankOutputs(overpaid);
        List<Output> outputs = List.of();
        if (blanks > 0) {
            Call<MintKeyset> active = client.activeKeyset(unit);
            if (!(active instanceof Call.Ok<MintKeyset>(MintKeyset keyset))) {
                steps.release(opId, claimed);
                return WalletSteps.refusal(active);
            }
            // NUT-08: blank outputs carry a placeholder amount; the mint decides the change amounts.
            outputs = steps.reserveOutputs(opId, keyset.id(), Collections.nCopies(blanks, 1L), now);
        } else {
            steps.journal().markInFlight(opId, now);
        }
        steps.faults().at(WalletFaults.Step.BEFORE_MINT_CALL, OperationKind.MELT);
        Call<MeltQuoteInfo> melt =
                client.melt(quote.quote(), WalletOutputs.withoutDleq(inputs), WalletOutputs.blinded(outputs));
        return switch (melt) {
            case Call.Ok<MeltQuoteInfo> answered -> answered(client, opId, claimed, outputs, answered.value());
            case Call.Rejected<MeltQuoteInfo> rejected -> {
                if (rejected.refusal().kind() == RefusalKind.QUOTE_PENDING) {
                    yield new MeltPending(quote.quote(), opId);
                }
                steps.failWithInputsSettled(client, opId, claimed);
                yield rejected.refusal().kind() == RefusalKind.LIGHTNING_PAYMENT_FAILED
                        ? Failure.of(FailureKind.PAYMENT_FAILED, "the Lightning payment failed")
                        : WalletSteps.mintRefusal(rejected.refusal());
            }
            case Call.Unreachable<MeltQuoteInfo> unreachable -> {
                steps.release(opId, claimed);
                yield Failure.of(FailureKind.MINT_UNREACHABLE, unreachable.reason());
            }
            case Call.OutcomeUnknown<MeltQuoteInfo> unknown -> steps.unknown(opId, unknown.reason());
        };
    }

    /** The NUT-05 state of melt quote {@code quoteId} at {@code mint}; empty when the mint cannot say now. */
    Optional<QuoteState> quoteState(MintUrl mint, QuoteId quoteId) {
        if (!(steps.mint(mint).meltQuote(quoteId) instanceof Call.Ok<MeltQuoteInfo> quote)) {
            return Optional.empty();
        }
        return Optional.of(
                switch (quote.value().state()) {
                    case "PAID" -> QuoteState.PAID;
                    case "PENDING" -> QuoteState.PENDING;
                    default -> QuoteState.UNPAID;
                });
    }

    private MeltOutcome answered(
            MintAt client, UUID opId, List<StoredProof> claimed, List<Output> blanks, MeltQuoteInfo answer) {
        switch (answer.state()) {
            case "PAID" -> {
                steps.faults().at(WalletFaults.Step.BEFORE_COMMIT, OperationKind.MELT);
                List<NewProof> change;
                try {
                    change = steps.outputs().unblindChange(client, blanks, answer.change());
                } catch (IllegalStateException unusable) {
                    return steps.unknown(opId, "the mint's change could not be checked");
                }
                long changeSum =
                        Amounts.sum(change.stream().map(NewProof::proof).toList());
                long paid = Amounts.sum(claimed.stream().map(StoredProof::proof).toList()) - changeSum;
                Instant now = steps.clock().now();
                StoredProof any = claimed.getFirst();
                steps.proofs().addUnspent(any.mint(), any.unit(), change, now);
                steps.proofs().markSpent(opId, WalletOutputs.ys(claimed), now);
                steps.journal().finish(opId, OperationState.COMPLETED, paid, now);
                return new Melted(
                        answer.quote(), answer.amount(), paid - answer.amount(), changeSum, answer.preimage());
            }
            case "PENDING" -> {
                return new MeltPending(answer.quote(), opId);
            }
            default -> {
                steps.failWithInputsSettled(client, opId, claimed);
                return Failure.of(FailureKind.PAYMENT_FAILED, "the mint did not pay the invoice");
            }
        }
    }
}
