package io.routstr.gateway.application.service.wallet;

import io.routstr.gateway.application.port.out.MintPort.Call;
import io.routstr.gateway.application.port.out.MintPort.MeltQuoteInfo;
import io.routstr.gateway.application.port.out.MintPort.Restored;
import io.routstr.gateway.application.port.out.WalletCryptoPort.Output;
import io.routstr.gateway.application.port.out.WalletJournalPort.Operation;
import io.routstr.gateway.application.port.out.WalletJournalPort.OperationKind;
import io.routstr.gateway.application.port.out.WalletJournalPort.OperationState;
import io.routstr.gateway.application.port.out.WalletJournalPort.OutputRange;
import io.routstr.gateway.application.port.out.WalletProofStorePort.NewProof;
import io.routstr.gateway.application.port.out.WalletProofStorePort.ProofState;
import io.routstr.gateway.application.port.out.WalletProofStorePort.StoredProof;
import io.routstr.gateway.application.service.wallet.EcashWallet.RecoveredReceive;
import io.routstr.gateway.application.service.wallet.EcashWallet.RecoveryReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settles interrupted operations older than the grace: re-derives their journalled outputs and restores them (NUT-09),
 * and moves their pending proofs by their state at the mint (NUT-07). The journal's lease keeps two instances from
 * recovering one operation at once; an operation that cannot be settled now is left for the next run.
 */
record Recovery(WalletSteps steps) {

    private static final Logger log = LoggerFactory.getLogger(Recovery.class);

    RecoveryReport recover() {
        Instant now = steps.clock().now();
        List<Operation> stale = steps.journal()
                .claimStale(
                        now.minus(steps.settings().recoveryGrace()),
                        now,
                        steps.settings().recoveryBatch());
        List<RecoveredReceive> receives = new ArrayList<>();
        long restored = 0;
        for (Operation op : stale) {
            try {
                restored += recoverOne(op, receives);
            } catch (RuntimeException e) {
                // Left unfinished: the next run retries it once its lease has passed.
                log.warn("recovery of wallet operation {} ({}) failed: {}", op.id(), op.kind(), e.toString());
            }
        }
        return new RecoveryReport(stale.size(), receives, restored);
    }

    /** Settles one interrupted operation if the mint lets it; returns the number of proofs restored. */
    private long recoverOne(Operation op, List<RecoveredReceive> receives) {
        MintAt client = steps.mint(op.mint());
        if (op.kind() == OperationKind.MELT && op.quoteId().isPresent()) {
            Call<MeltQuoteInfo> quote = client.meltQuote(op.quoteId().get());
            if (!(quote instanceof Call.Ok<MeltQuoteInfo> q)
                    || q.value().state().equals("PENDING")) {
                return 0; // still paying (or the mint is away): its proofs stay locked
            }
        }
        List<NewProof> restored = List.of();
        if (op.outputs().isPresent()) {
            OutputRange range = op.outputs().get();
            List<Output> planned = steps.outputs().plan(range, Collections.nCopies(range.count(), 1L));
            if (!(client.restore(WalletOutputs.blinded(planned)) instanceof Call.Ok<Restored> answer)) {
                return 0;
            }
            restored = steps.outputs().unblindRestored(client, planned, answer.value());
            steps.proofs()
                    .addUnspent(op.mint(), op.unit(), restored, steps.clock().now());
        }
        long restoredSum = Amounts.sum(restored.stream().map(NewProof::proof).toList());
        List<StoredProof> pending = steps.proofs().byOperation(op.id()).stream()
                .filter(p -> p.state() == ProofState.PENDING)
                .toList();
        if (!pending.isEmpty() && !steps.settleInputs(client, op.id(), pending)) {
            return restored.size();
        }
        // Spent proofs under the operation: inputs the mint consumed, or proofs of a token it already handed out.
        long spentSum = steps.proofs().byOperation(op.id()).stream()
                .filter(p -> p.state() == ProofState.SPENT)
                .mapToLong(StoredProof::amount)
                .sum();
        boolean tookEffect = restoredSum > 0 || spentSum > 0;
        long settled = switch (op.kind()) {
            case RECEIVE, MINT -> restoredSum;
            case MELT -> Math.max(0, spentSum - restoredSum);
            case SEND -> 0;
        };
        Instant now = steps.clock().now();
        if (steps.journal().finish(op.id(), tookEffect ? OperationState.RECOVERED : OperationState.FAILED, settled, now)
                && tookEffect
                && op.kind() == OperationKind.RECEIVE) {
            receives.add(
                    new RecoveredReceive(op.id(), op.fingerprint(), op.unit().toMsats(restoredSum)));
        }
        log.info(
                "recovered wallet operation {} ({}): {} proofs restored, {}",
                op.id(),
                op.kind(),
                restored.size(),
                tookEffect ? "it took effect at the mint" : "it never reached the mint");
        return restored.size();
    }
}
