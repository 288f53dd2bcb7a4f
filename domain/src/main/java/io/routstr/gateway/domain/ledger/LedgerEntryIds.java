package io.routstr.gateway.domain.ledger;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Ledger entry ids that grow with time: RFC 9562 version 7, 48 bits of Unix milliseconds followed by 74 random bits.
 * The ledger's primary-key index then takes new entries at its right edge. With random ids (version 4) each entry went
 * to a random leaf of an index that holds millions, and after every checkpoint the first change to each such leaf
 * wrote a whole 8 KiB page image to the WAL: on a ledger of two million entries, 2,114–2,164 bytes of WAL per entry
 * booked after a checkpoint against 298 with these ids (docs/benchmarks.md, "Time-ordered ledger ids").
 *
 * <p>The time in an id tells no more than the entry's {@code created_at}, which a key's history shows anyway; the
 * random bits keep ids unguessable and say nothing of how many entries the node books. The paid path's statements draw
 * the same layout in PostgreSQL ({@code ledger_entry_id(timestamptz)}, changelog 026).
 */
public final class LedgerEntryIds {

    /** Milliseconds that fit the id's 48-bit time field (until the year 10889). */
    private static final long LARGEST_MILLIS = (1L << 48) - 1;

    private static final long VERSION_7 = 0x7000L;

    private static final long RANDOM_BELOW_VERSION = 0x0FFFL;

    private LedgerEntryIds() {}

    /** A fresh id for an entry booked at {@code time}. */
    public static UUID at(Instant time) {
        Objects.requireNonNull(time, "time");
        long millis = time.toEpochMilli();
        if (millis < 0 || millis > LARGEST_MILLIS) {
            throw new IllegalArgumentException("a ledger entry's time fits 48 bits of Unix milliseconds: " + time);
        }
        // A version 4 id's 122 random bits, of which the 12 below the version and the 62 below the variant are kept:
        // its variant bits are already RFC 9562's.
        UUID random = UUID.randomUUID();
        long mostSignificant = (millis << 16) | VERSION_7 | (random.getMostSignificantBits() & RANDOM_BELOW_VERSION);
        return new UUID(mostSignificant, random.getLeastSignificantBits());
    }

    /** The time written into a version 7 {@code id}, to the millisecond. */
    public static Instant timeOf(UUID id) {
        if (id.version() != 7) {
            throw new IllegalArgumentException("not a time-ordered (version 7) id: " + id);
        }
        return Instant.ofEpochMilli(id.getMostSignificantBits() >>> 16);
    }
}
