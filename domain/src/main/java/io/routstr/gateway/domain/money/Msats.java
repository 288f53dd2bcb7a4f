package io.routstr.gateway.domain.money;

/**
 * An amount of Bitcoin in millisatoshis: the only unit balances, reservations and costs are kept in.
 *
 * <p>Never negative; arithmetic is overflow-checked so a bug surfaces as an exception, not as money created out of
 * thin air.
 */
public record Msats(long value) implements Comparable<Msats> {

    public static final Msats ZERO = new Msats(0);
    public static final long PER_SAT = 1_000;

    public Msats {
        if (value < 0) {
            throw new IllegalArgumentException("msats cannot be negative: " + value);
        }
    }

    public static Msats of(long value) {
        return value == 0 ? ZERO : new Msats(value);
    }

    public static Msats ofSats(long sats) {
        return of(Math.multiplyExact(sats, PER_SAT));
    }

    public Msats plus(Msats other) {
        return of(Math.addExact(value, other.value));
    }

    /** Subtracts, refusing to go below zero. */
    public Msats minus(Msats other) {
        if (other.value > value) {
            throw new IllegalArgumentException("cannot subtract " + other.value + " from " + value + " msats");
        }
        return of(value - other.value);
    }

    /** Subtracts, stopping at zero: for "whatever is left" computations. */
    public Msats minusOrZero(Msats other) {
        return other.value >= value ? ZERO : of(value - other.value);
    }

    public Msats times(long factor) {
        return of(Math.multiplyExact(value, factor));
    }

    public Msats min(Msats other) {
        return value <= other.value ? this : other;
    }

    public Msats max(Msats other) {
        return value >= other.value ? this : other;
    }

    public boolean isZero() {
        return value == 0;
    }

    public boolean isPositive() {
        return value > 0;
    }

    public boolean isGreaterThan(Msats other) {
        return value > other.value;
    }

    public boolean isLessThan(Msats other) {
        return value < other.value;
    }

    public boolean isAtLeast(Msats other) {
        return value >= other.value;
    }

    /** Whole sats, the remainder dropped: what a sat-unit mint can pay out of this amount. */
    public long toSatsFloor() {
        return value / PER_SAT;
    }

    /** Whole sats, rounded up: what a liability of this amount needs in sat-unit proofs. */
    public long toSatsCeil() {
        return Math.ceilDiv(value, PER_SAT);
    }

    /** The sub-sat part a sat-unit payout cannot carry. */
    public Msats subSatRemainder() {
        return of(value % PER_SAT);
    }

    @Override
    public int compareTo(Msats other) {
        return Long.compare(value, other.value);
    }

    @Override
    public String toString() {
        return value + " msats";
    }
}
