package io.routstr.gateway.application.service.wallet;

import io.routstr.gateway.application.port.out.MintPort.Call;
import io.routstr.gateway.application.port.out.MintPort.MintKeyset;
import io.routstr.gateway.application.port.out.WalletJournalPort.Operation;
import io.routstr.gateway.application.port.out.WalletJournalPort.OperationKind;
import io.routstr.gateway.application.port.out.WalletJournalPort.OperationState;
import io.routstr.gateway.application.port.out.WalletJournalPort.OutputRange;
import io.routstr.gateway.application.port.out.WalletProofStorePort.NewProof;
import io.routstr.gateway.application.port.out.WalletProofStorePort.ProofSelector;
import io.routstr.gateway.application.port.out.WalletProofStorePort.StoredProof;
import io.routstr.gateway.application.service.wallet.EcashWallet.ConsolidationReport;
import io.routstr.gateway.application.service.wallet.EcashWallet.ProofBalance;
import io.routstr.gateway.application.service.wallet.WalletSteps.Answer;
import io.routstr.gateway.domain.ecash.KeysetId;
import io.routstr.gateway.domain.ecash.Proof;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the wallet's proofs few. Every {@code X-Cashu} request leaves its charge in the wallet as a small proof of its
 * own until the owner's funds are paid out, and what reads the wallet grows with their number (the holdings gauge,
 * the liability guard when the largest proofs do not cover it, a payout's melt, which a mint caps in inputs). When a
 * mint's unspent proofs of a unit number more than {@code above}, the smallest of them, up to {@code batch}, are
 * swapped at the mint for the wallet's usual denominations of their sum: the same value in a handful of proofs.
 *
 * <p>Only proofs of keysets without an input fee are taken, into an active keyset without one: the swap then costs
 * nothing and the books do not move (the wallet holds what it held). A swap is journalled as any send's (its outputs
 * reserved before the mint is called, kind {@code SEND} with no token), so a crash or a lost answer is settled by
 * recovery: the outputs restored, the inputs moved by their state at the mint.
 */
record Consolidation(WalletSteps steps) {

    private static final Logger log = LoggerFactory.getLogger(Consolidation.class);

    /** Swaps in one run at most, per mint and unit: a long backlog is worked off over several runs. */
    static final int MAX_SWAPS_PER_RUN = 20;

    ConsolidationReport consolidate(List<ProofBalance> holdings, int above, int batch) {
        if (above < 1 || batch < 2) {
            throw new IllegalArgumentException("consolidate above at least 1 proof, at least 2 at a time");
        }
        ConsolidationReport report = ConsolidationReport.NONE;
        for (ProofBalance holding : holdings) {
            if (!holding.unit().isBitcoin() || !steps.settings().trusts(holding.mint())) {
                continue;
            }
            MintAt client = steps.mint(holding.mint());
            // Read once per mint and unit, not per swap.
            if (!(steps.feeTable(client) instanceof Checked.Value<Map<KeysetId, Long>>(Map<KeysetId, Long> fees))) {
                continue;
            }
            if (!(client.activeKeyset(holding.unit()) instanceof Call.Ok<MintKeyset>(MintKeyset keyset))
                    || fees.getOrDefault(keyset.id(), 0L) != 0) {
                continue; // nothing to swap into for free
            }
            for (int swap = 0; swap < MAX_SWAPS_PER_RUN; swap++) {
                Optional<ConsolidationReport> done =
                        consolidateOnce(client, holding.mint(), holding.unit(), fees, keyset, above, batch);
                if (done.isEmpty()) {
                    break;
                }
                report = report.plus(done.get());
            }
        }
        return report;
    }

    /**
     * One swap of the smallest proofs into {@code keyset} (active, without an input fee), if the mint and unit hold more
     * than {@code above}; empty when none was done.
     */
    private Optional<ConsolidationReport> consolidateOnce(
            MintAt client,
            MintUrl mint,
            CurrencyUnit unit,
            Map<KeysetId, Long> fees,
            MintKeyset keyset,
            int above,
            int batch) {
        UUID opId = UUID.randomUUID();
        Instant now = steps.clock().now();
        Operation operation =
                Operation.prepare(opId, OperationKind.SEND, mint, unit, Optional.empty(), Optional.empty(), now);
        ProofSelector smallest = candidates -> candidates.size() <= above
                ? List.of()
                : candidates.stream()
                        .filter(p -> fees.getOrDefault(p.proof().keysetId(), 0L) == 0)
                        .sorted(Comparator.comparingLong(StoredProof::amount).thenComparing(StoredProof::y))
                        .limit(batch)
                        .toList();
        // Write-ahead, one commit: the proofs claimed and the operation recorded with its outputs reserved. Rolled back
        // when there is nothing worth swapping (too few proofs, or their sum needs as many proofs as they are).
        Claim claim = steps.inOneTransaction(
                () -> {
                    List<StoredProof> claimed = steps.proofs().claim(opId, mint, unit, smallest, now);
                    if (claimed.size() < 2) {
                        return new Claim(claimed, List.of(), Optional.empty());
                    }
                    long sum =
                            Amounts.sum(claimed.stream().map(StoredProof::proof).toList());
                    List<Long> amounts = new ArrayList<>(steps.keptAmounts(sum, keyset, fees));
                    if (amounts.size() >= claimed.size()) {
                        return new Claim(claimed, amounts, Optional.empty());
                    }
                    Collections.sort(amounts);
                    OutputRange range = steps.journal().openWithOutputs(operation, keyset.id(), amounts.size());
                    return new Claim(claimed, amounts, Optional.of(range));
                },
                claimed -> claimed.outputs().isPresent());
        List<StoredProof> claimed = claim.proofs();
        if (claim.outputs().isEmpty()) {
            if (!claimed.isEmpty()) {
                // A store without transactions kept the claim: it goes back (no operation was recorded).
                steps.proofs()
                        .release(opId, WalletOutputs.ys(claimed), steps.clock().now());
            }
            return Optional.empty();
        }
        List<Proof> inputs = claimed.stream().map(StoredProof::proof).toList();
        Answer answer = steps.swap(
                opId,
                OperationKind.SEND,
                client,
                steps.outputs().plan(claim.outputs().get(), claim.amounts()),
                inputs);
        switch (answer) {
            case Answer.Signed(List<NewProof> fresh) -> {
                steps.inOneTransaction(() -> {
                    Instant settledAt = steps.clock().now();
                    steps.proofs().settleSwap(opId, mint, unit, fresh, WalletOutputs.ys(claimed), settledAt);
                    steps.journal().finish(opId, OperationState.COMPLETED, 0, settledAt);
                });
                log.info("wallet consolidated {} proofs of {} {} into {}", claimed.size(), mint, unit, fresh.size());
                return Optional.of(new ConsolidationReport(1, claimed.size(), fresh.size()));
            }
            case Answer.MintRefused refused -> {
                steps.failWithInputsSettled(client, opId, claimed);
                log.warn(
                        "wallet consolidation at {} refused by the mint: {}",
                        mint,
                        refused.error().kind());
            }
            case Answer.Unreachable unreachable -> steps.release(opId, claimed);
            case Answer.Unknown unknown -> {
                // Left open: recovery restores its outputs and settles its inputs.
            }
        }
        return Optional.empty();
    }

    /** What a consolidation's write-ahead left: the proofs claimed, the amounts to ask for and their outputs. */
    private record Claim(List<StoredProof> proofs, List<Long> amounts, Optional<OutputRange> outputs) {}
}
