package io.routstr.gateway.domain.reservation;

import java.security.SecureRandom;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Identity of one request's reservation. It never leaves the node (no answer or history shows it) and only has to be
 * unique among the reservations of every instance sharing the database, so a fresh one is not drawn from the secure
 * random source, which takes a lock and a SHA-1 round per draw on every paid request.
 */
public record ReservationId(UUID value) {

    /**
     * A {@code 60}-bit prefix drawn once per process and a counter that starts at a random point: unique within the
     * process for 2^62 ids by construction, and across processes unless two draw the same prefix and overlapping
     * counters. Shaped as an RFC 9562 version-8 (vendor-specific) UUID, so it claims no randomness it does not have.
     */
    private static final long PROCESS_PREFIX;

    private static final AtomicLong COUNTER;

    private static final long COUNTER_BITS = 0x3FFF_FFFF_FFFF_FFFFL;

    static {
        SecureRandom random = new SecureRandom();
        PROCESS_PREFIX = (random.nextLong() & ~0xF000L) | 0x8000L;
        COUNTER = new AtomicLong(random.nextLong() & COUNTER_BITS);
    }

    public ReservationId {
        Objects.requireNonNull(value, "reservation id");
    }

    /** An id no reservation has had: cheap to make, unique, not a secret. */
    public static ReservationId next() {
        long count = COUNTER.getAndIncrement() & COUNTER_BITS;
        return new ReservationId(new UUID(PROCESS_PREFIX, count | 0x8000_0000_0000_0000L));
    }

    public static ReservationId parse(String text) {
        return new ReservationId(UUID.fromString(text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
