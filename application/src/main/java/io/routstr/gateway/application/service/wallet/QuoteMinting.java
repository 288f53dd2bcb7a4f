package io.routstr.gateway.application.service.wallet;

import io.routstr.gateway.application.port.out.MintPort.BlindedMessage;
import io.routstr.gateway.application.port.out.MintPort.Call;
import io.routstr.gateway.application.port.out.MintPort.MintKeyset;
import io.routstr.gateway.application.port.out.MintPort.MintQuoteInfo;
import io.routstr.gateway.application.port.out.MintPort.Refusal;
import io.routstr.gateway.application.port.out.MintPort.RefusalKind;
import io.routstr.gateway.application.port.out.WalletCryptoPort.Output;
import io.routstr.gateway.application.port.out.WalletJournalPort.Operation;
import io.routstr.gateway.application.port.out.WalletJournalPort.OperationKind;
import io.routstr.gateway.application.port.out.WalletJournalPort.OperationState;
import io.routstr.gateway.application.port.out.WalletProofStorePort.NewProof;
import io.routstr.gateway.application.service.wallet.EcashWallet.Failure;
import io.routstr.gateway.application.service.wallet.EcashWallet.FailureKind;
import io.routstr.gateway.application.service.wallet.EcashWallet.MintOutcome;
import io.routstr.gateway.application.service.wallet.EcashWallet.MintQuote;
import io.routstr.gateway.application.service.wallet.EcashWallet.MintQuoteOutcome;
import io.routstr.gateway.application.service.wallet.EcashWallet.Minted;
import io.routstr.gateway.application.service.wallet.EcashWallet.QuoteState;
import io.routstr.gateway.application.service.wallet.WalletSteps.Answer;
import io.routstr.gateway.domain.ecash.QuoteId;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Lightning top-ups (NUT-04): quotes asked for and checked, locked to the node's key where the mint supports NUT-20,
 * and paid quotes minted into the wallet, idempotently per quote through the steps.journal().
 */
record QuoteMinting(WalletSteps steps) {

    MintQuoteOutcome createQuote(MintUrl mint, CurrencyUnit unit, long amount) {
        if (amount <= 0) {
            throw new IllegalArgumentException("a mint quote is for a positive amount");
        }
        if (!steps.settings().trusts(mint)) {
            return Failure.of(FailureKind.UNTRUSTED_MINT, "the mint is not trusted by this node");
        }
        MintAt client = steps.mint(mint);
        // NUT-20: where the mint supports it, the quote is locked to the node's key, so its id alone mints nothing.
        Optional<String> lock =
                client.supportsQuoteLocks() ? Optional.of(steps.outputs().quoteLockKey()) : Optional.empty();
        return quoteOutcome(client.createMintQuote(amount, unit, lock));
    }

    MintQuoteOutcome checkQuote(MintUrl mint, QuoteId quoteId) {
        return quoteOutcome(steps.mint(mint).mintQuote(quoteId));
    }

    MintOutcome mint(MintUrl mint, CurrencyUnit unit, QuoteId quoteId, long amount) {
        Objects.requireNonNull(quoteId, "quote id");
        if (amount <= 0) {
            throw new IllegalArgumentException("minting is for a positive amount");
        }
        return mint(mint, unit, quoteId, amount, false);
    }

    private MintOutcome mint(MintUrl mint, CurrencyUnit unit, QuoteId quoteId, long amount, boolean v1QuoteSignature) {
        // Minting is idempotent per quote: a quote this wallet minted before (a caller that crashed before crediting
        // asks again) is answered from the journal; one still in flight waits for recovery instead of a second issue.
        for (Operation earlier : steps.journal().findMintsOfQuote(mint, quoteId)) {
            if ((earlier.state() == OperationState.COMPLETED || earlier.state() == OperationState.RECOVERED)
                    && earlier.settledAmount() > 0) {
                return new Minted(unit.toMsats(earlier.settledAmount()), earlier.settledAmount(), earlier.id());
            }
            if (!earlier.state().isFinal()) {
                return new Failure(
                        FailureKind.OUTCOME_UNKNOWN,
                        "an earlier mint of this quote is being recovered",
                        Optional.of(earlier.id()));
            }
        }
        MintAt client = steps.mint(mint);
        Call<MintKeyset> active = client.activeKeyset(unit);
        if (!(active instanceof Call.Ok<MintKeyset>(MintKeyset keyset))) {
            return WalletSteps.refusal(active);
        }
        List<Long> amounts = Amounts.split(amount, keyset.keys().keySet());
        UUID opId = UUID.randomUUID();
        Instant now = steps.clock().now();
        steps.journal()
                .open(Operation.prepare(
                        opId, OperationKind.MINT, mint, unit, Optional.of(quoteId), Optional.empty(), now));
        List<Output> outputs = steps.reserveOutputs(opId, keyset.id(), amounts, now);
        boolean locked = client.supportsQuoteLocks();
        Answer answer = steps.callMint(
                opId,
                OperationKind.MINT,
                client,
                outputs,
                request -> client.mint(quoteId, request, signature(locked, v1QuoteSignature, quoteId, request)));
        return switch (answer) {
            case Answer.Signed(List<NewProof> fresh) -> {
                Instant done = steps.clock().now();
                steps.proofs().addUnspent(mint, unit, fresh, done);
                steps.journal().finish(opId, OperationState.COMPLETED, amount, done);
                yield new Minted(unit.toMsats(amount), amount, opId);
            }
            case Answer.MintRefused(Refusal error) -> {
                steps.journal()
                        .finish(opId, OperationState.FAILED, 0, steps.clock().now());
                if (error.kind() == RefusalKind.QUOTE_SIGNATURE_INVALID && locked && !v1QuoteSignature) {
                    yield mint(mint, unit, quoteId, amount, true);
                }
                yield switch (error.kind()) {
                    case QUOTE_NOT_PAID, QUOTE_PENDING ->
                        Failure.of(FailureKind.QUOTE_NOT_PAID, "the invoice is not paid yet");
                    case QUOTE_ALREADY_ISSUED ->
                        Failure.of(FailureKind.QUOTE_ALREADY_ISSUED, "the quote was already minted");
                    case QUOTE_EXPIRED -> Failure.of(FailureKind.QUOTE_EXPIRED, "the quote expired");
                    default -> WalletSteps.mintRefusal(error);
                };
            }
            case Answer.Unreachable(String reason) -> {
                steps.journal()
                        .finish(opId, OperationState.FAILED, 0, steps.clock().now());
                yield Failure.of(FailureKind.MINT_UNREACHABLE, reason);
            }
            case Answer.Unknown(Failure unknown) -> unknown;
        };
    }

    /**
     * NUT-20: the message cashu-ts and deployed mints use; a mint that refuses it gets the NUT's newer v1 message on a
     * second attempt with fresh outputs (a refused mint request issued nothing).
     */
    private Optional<String> signature(
            boolean locked, boolean v1QuoteSignature, QuoteId quoteId, List<BlindedMessage> request) {
        if (!locked) {
            return Optional.empty();
        }
        return Optional.of(steps.outputs().signMintRequest(quoteId, request, v1QuoteSignature));
    }

    private static MintQuoteOutcome quoteOutcome(Call<MintQuoteInfo> call) {
        return switch (call) {
            case Call.Ok<MintQuoteInfo> ok -> {
                MintQuoteInfo q = ok.value();
                QuoteState state = switch (q.state()) {
                    case "PAID" -> QuoteState.PAID;
                    case "ISSUED" -> QuoteState.ISSUED;
                    case "PENDING" -> QuoteState.PENDING;
                    default -> QuoteState.UNPAID;
                };
                yield new MintQuote(q.quote(), q.request(), q.paymentHash(), q.amount(), q.unit(), state);
            }
            case Call.Rejected<MintQuoteInfo> r -> WalletSteps.mintRefusal(r.refusal());
            case Call.Unreachable<MintQuoteInfo> u -> Failure.of(FailureKind.MINT_UNREACHABLE, u.reason());
            case Call.OutcomeUnknown<MintQuoteInfo> u -> Failure.of(FailureKind.MINT_UNREACHABLE, u.reason());
        };
    }
}
