package io.routstr.gateway.persistence.accounts;

import io.routstr.gateway.domain.key.ApiKeyId;
import io.routstr.gateway.domain.reservation.ReservationId;
import java.util.UUID;

/**
 * Which group-commit writer runs a statement: one of {@link #COUNT} buckets a billing key falls in, the writer being
 * the bucket modulo the number of writers. A key's hold and its reservation's settlement or release must meet on the
 * same writer (two writers that lock one key's row could wait for each other's batches), but a settlement is asked for
 * by reservation id alone (the port's {@code settle} and {@code release}); so the adapter stamps the bucket of the key
 * it holds into the reservation ids it draws, in 8 bits of {@link ReservationId#next()}'s per-process prefix, and reads
 * it back from the id. The counter part of the id is left whole, so ids stay unique within the process; across
 * processes the prefix keeps 52 random bits. A reservation the application opens itself (a hold from a key just read,
 * as an {@code X-Cashu} request's) takes its id from the adapter too ({@code newReservationId}); an id drawn anywhere
 * else carries some bucket, only not its key's: its settlement still runs correctly, on whichever writer.
 */
record WriterBucket(int value) {

    /** Buckets in all: more than any sensible number of writers, a divisor-friendly power of two. */
    static final int COUNT = 256;

    /** The bucket whose writer is the first. */
    static final WriterBucket FIRST = new WriterBucket(0);

    private static final long BUCKET_BITS = COUNT - 1;

    WriterBucket {
        if (value < 0 || value >= COUNT) {
            throw new IllegalArgumentException("writer bucket 0.." + (COUNT - 1) + ", not " + value);
        }
    }

    /** The bucket of the key whose row a hold, settlement or release locks (its billing key). */
    static WriterBucket of(ApiKeyId billingKey) {
        UUID id = billingKey.value();
        long bits = id.getMostSignificantBits() ^ id.getLeastSignificantBits();
        // Every byte of the id counts, so that ids that differ anywhere (random or counted) spread over the buckets.
        bits ^= bits >>> 32;
        bits ^= bits >>> 16;
        bits ^= bits >>> 8;
        return new WriterBucket((int) (bits & BUCKET_BITS));
    }

    /** The bucket stamped into {@code reservation} (by {@link #newReservationId()}: its key's). */
    static WriterBucket of(ReservationId reservation) {
        return new WriterBucket((int) (reservation.value().getMostSignificantBits() & BUCKET_BITS));
    }

    /** A fresh reservation id that names this bucket. */
    ReservationId newReservationId() {
        UUID drawn = ReservationId.next().value();
        // The prefix's lowest byte: below the version nibble (bits 12–15), so the id stays an RFC 9562 version 8 UUID.
        long prefix = (drawn.getMostSignificantBits() & ~BUCKET_BITS) | value;
        return new ReservationId(new UUID(prefix, drawn.getLeastSignificantBits()));
    }
}
