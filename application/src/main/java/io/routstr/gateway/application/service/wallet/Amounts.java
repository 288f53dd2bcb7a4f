package io.routstr.gateway.application.service.wallet;

import io.routstr.gateway.domain.ecash.KeysetId;
import io.routstr.gateway.domain.ecash.Proof;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
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

    /**
     * {@code amount} as keyset denominations, ascending, from which every amount up to it can be paid exactly: the
     * smallest denominations once each while each is at most one more than the parts before it add up to (1, 2, 4, ...),
     * then the rest as {@link #split} makes it. A redeemed token split so pays any change up to its value from its own
     * proofs, with no second swap; it costs up to two outputs per bit of the amount, where {@link #split} costs one
     * per set bit. Keysets without a 1 (no such
     * prefix) get {@link #split}.
     */
    static List<Long> splitForChange(long amount, Collection<Long> denominations) {
        if (amount < 0) {
            throw new IllegalArgumentException("cannot split a negative amount");
        }
        List<Long> parts = new ArrayList<>();
        long covered = 0; // every amount 0..covered can be paid from parts
        for (Long denomination : new TreeSet<>(denominations)) {
            if (denomination <= 0 || denomination > covered + 1 || covered + denomination > amount) {
                break;
            }
            parts.add(denomination);
            covered += denomination;
        }
        parts.addAll(split(amount - covered, denominations));
        Collections.sort(parts);
        return parts;
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
