package io.routstr.gateway.application.service.wallet;

import io.routstr.gateway.domain.ecash.KeysetId;
import io.routstr.gateway.domain.ecash.Proof;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
     * {@code amount} as keyset denominations, ascending, such that together with {@code held} (the wallet's unspent
     * proofs: denomination to count) every amount up to it can be paid exactly, with as few parts as that allows: the
     * plain {@link #split} when what is held already pays every small amount, else the smallest denominations the
     * held proofs lack (1, 2, 4, ... up to what they reach) and then the rest as {@link #split} makes it. A redeemed
     * token split so lets its change be handed out from proofs the wallet holds, with no second swap. Keysets without
     * a 1 get {@link #split} when what is held does not help.
     */
    static List<Long> splitForChange(long amount, Collection<Long> denominations, Map<Long, Integer> held) {
        if (amount < 0) {
            throw new IllegalArgumentException("cannot split a negative amount");
        }
        TreeSet<Long> available = new TreeSet<>(denominations);
        Map<Long, Integer> together = new TreeMap<>(held);
        List<Long> parts = new ArrayList<>();
        long rest = amount;
        while (rest > 0) {
            long reach = reach(together); // every amount 0..reach can be paid from what is held and the parts so far
            Long largest = available.floor(rest);
            if (largest == null || largest <= reach + 1) {
                parts.addAll(split(rest, denominations));
                break;
            }
            Long piece = available.floor(Math.min(reach + 1, rest));
            if (piece == null || piece <= 0) {
                parts.addAll(split(rest, denominations));
                break;
            }
            parts.add(piece);
            together.merge(piece, 1, Integer::sum);
            rest -= piece;
        }
        Collections.sort(parts);
        return parts;
    }

    /** {@link #splitForChange(long, Collection, Map)} for a wallet that holds nothing. */
    static List<Long> splitForChange(long amount, Collection<Long> denominations) {
        return splitForChange(amount, denominations, Map.of());
    }

    /** The largest R such that every amount 0..R is a sum of some of {@code held} (denomination to count). */
    static long reach(Map<Long, Integer> held) {
        long reach = 0;
        for (Map.Entry<Long, Integer> entry : new TreeMap<>(held).entrySet()) {
            if (entry.getKey() <= 0 || entry.getKey() > reach + 1) {
                break;
            }
            reach = Math.addExact(reach, Math.multiplyExact(entry.getKey(), (long) entry.getValue()));
        }
        return reach;
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
