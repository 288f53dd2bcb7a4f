package io.routstr.gateway.application.service.wallet;

import io.routstr.gateway.application.port.out.WalletProofStorePort.ProofSelector;
import io.routstr.gateway.application.port.out.WalletProofStorePort.StoredProof;
import io.routstr.gateway.domain.ecash.KeysetId;
import io.routstr.gateway.domain.ecash.Proof;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** Which proofs to spend. Candidates come largest first; selections are pure functions of them. */
final class ProofSelection {

    private ProofSelection() {}

    /**
     * Proofs that add up to exactly {@code amount} if the greedy pass finds them (no swap, no fee); otherwise proofs
     * worth at least {@code amount} plus their own input fee, topped up smallest first to keep the overshoot small.
     */
    static ProofSelector forSend(long amount, Map<KeysetId, Long> feePpk) {
        return new Paying(amount, candidates -> {
            List<StoredProof> exact = new ArrayList<>();
            long rest = amount;
            for (StoredProof candidate : candidates) {
                if (candidate.amount() <= rest) {
                    exact.add(candidate);
                    rest -= candidate.amount();
                }
            }
            if (rest == 0) {
                return exact;
            }
            return covering(amount, feePpk).select(candidates);
        });
    }

    /** Proofs whose value less their input fee covers {@code amount}, or none if the wallet cannot. */
    static ProofSelector covering(long amount, Map<KeysetId, Long> feePpk) {
        return new Paying(amount, candidates -> {
            List<StoredProof> chosen = new ArrayList<>();
            List<StoredProof> ascending = candidates.reversed();
            long sum = 0;
            // Largest first up to the amount, then the smallest that close the gap.
            for (StoredProof candidate : candidates) {
                if (sum + candidate.amount() <= amount) {
                    chosen.add(candidate);
                    sum += candidate.amount();
                }
            }
            for (StoredProof candidate : ascending) {
                if (sum - fee(chosen, feePpk) >= amount) {
                    break;
                }
                if (!chosen.contains(candidate)) {
                    chosen.add(candidate);
                    sum += candidate.amount();
                }
            }
            return sum - fee(chosen, feePpk) >= amount ? chosen : List.of();
        });
    }

    /** A selection that pays {@code paid}, so that the store need not offer a whole wallet to find it. */
    private record Paying(long paid, ProofSelector pass) implements ProofSelector {

        @Override
        public List<StoredProof> select(List<StoredProof> candidates) {
            return pass.select(candidates);
        }

        @Override
        public OptionalLong amount() {
            return OptionalLong.of(paid);
        }
    }

    private static long fee(List<StoredProof> chosen, Map<KeysetId, Long> feePpk) {
        List<Proof> proofs = chosen.stream().map(StoredProof::proof).toList();
        return Amounts.inputFee(proofs, feePpk);
    }
}
