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

    /**
     * {@code amount} as keyset denominations from which every amount up to it can be paid exactly: each denomination
     * once, smallest first, while they fit, then the rest as {@link #split}. With powers of two (1, 2, 4 for 10 sat,
     * then 2 + 1) any change up to the amount is a subset of the parts, so a wallet holding them hands change out
     * without a swap at the mint; the price is a few more proofs (5 instead of 8 + 2).
     */
    static List<Long> changeReady(long amount, Collection<Long> denominations) {
        if (amount < 0) {
            throw new IllegalArgumentException("cannot split a negative amount");
        }
        List<Long> parts = new ArrayList<>();
        long rest = amount;
        for (Long denomination : new TreeSet<>(denominations)) {
            if (denomination <= 0 || denomination > rest) {
                break;
            }
            parts.add(denomination);
            rest -= denomination;
        }
        parts.addAll(split(rest, denominations));
        parts.sort(null);
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
