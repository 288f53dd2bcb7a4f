package io.routstr.gateway.application.service.wallet;

import io.routstr.gateway.domain.ecash.KeysetId;
import io.routstr.gateway.domain.ecash.Proof;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Amount arithmetic of the wallet: splitting into keyset denominations and NUT-02 input fees. */
final class Amounts {

    private Amounts() {}

    /**
     * {@code amount} as keyset denominations, ascending (NUT-03 asks for sorted outputs). With the usual powers of two
     * this is the binary decomposition; otherwise the largest denominations first.
     */
    static List<Long> split(long amount, Collection<Long> denominations) {
        if (amount < 0) {
            throw new IllegalArgumentException("cannot split a negative amount");
        }
        TreeSet<Long> available = new TreeSet<>(denominations);
        List<Long> parts = new ArrayList<>();
        long rest = amount;
        for (Long denomination : available.descendingSet()) {
            while (denomination > 0 && rest >= denomination) {
                parts.add(denomination);
                rest -= denomination;
            }
        }
        if (rest != 0) {
            throw new IllegalArgumentException("the keyset has no denominations for this amount");
        }
        return parts.reversed();
    }

    /** NUT-02: {@code ceil(Σ input_fee_ppk / 1000)} over the inputs; a keyset without a fee costs nothing. */
    static long inputFee(Collection<Proof> inputs, Map<KeysetId, Long> feePpk) {
        long ppk = 0;
        for (Proof proof : inputs) {
            ppk = Math.addExact(ppk, feePpk.getOrDefault(proof.keysetId(), 0L));
        }
        return Math.ceilDiv(ppk, 1000);
    }

    static long sum(Collection<Proof> proofs) {
        long total = 0;
        for (Proof proof : proofs) {
            total = Math.addExact(total, proof.amount());
        }
        return total;
    }

    /** NUT-08 blank outputs for {@code overpaid}: one per bit, so any change up to it can come back. */
    static int blankOutputs(long overpaid) {
        return overpaid <= 0 ? 0 : 64 - Long.numberOfLeadingZeros(overpaid);
    }
}
