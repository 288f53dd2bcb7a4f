package io.routstr.gateway.domain.ledger;

import io.routstr.gateway.domain.Components;
import io.routstr.gateway.domain.key.ApiKeyId;
import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.domain.reservation.ReservationId;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * One recorded movement of money. Entries are append-only; their ids grow with time ({@link LedgerEntryIds}).
 *
 * @param keyId the key whose balance moved (the billing key for child-key requests); empty for owner-side entries
 * @param reference what caused the movement (a token hash, an invoice id, a request id); unique per type when present
 *     so that one cause is never booked twice
 */
public record LedgerEntry(
        UUID id,
        LedgerEntryType type,
        Optional<ApiKeyId> keyId,
        Msats amount,
        Optional<ReservationId> reservationId,
        Optional<String> reference,
        Instant createdAt) {

    public LedgerEntry {
        Components.requireNonNull(LedgerEntry.class, id, type, keyId, amount, reservationId, reference, createdAt);
        if (type.balanceEffect() != 0 && keyId.isEmpty()) {
            throw new IllegalArgumentException(type + " moves a key's balance and needs its key");
        }
        reference.ifPresent(r -> {
            if (r.isBlank() || r.length() > 200) {
                throw new IllegalArgumentException("a reference is 1 to 200 characters");
            }
        });
    }

    public static LedgerEntry of(LedgerEntryType type, ApiKeyId keyId, Msats amount, Instant now) {
        return new LedgerEntry(
                LedgerEntryIds.at(now), type, Optional.of(keyId), amount, Optional.empty(), Optional.empty(), now);
    }

    /** An owner-side entry (no key's balance moves), booked once per {@code reference}. */
    public static LedgerEntry ownerSide(LedgerEntryType type, Msats amount, String reference, Instant now) {
        if (type.balanceEffect() != 0) {
            throw new IllegalArgumentException(type + " moves a key's balance and needs its key");
        }
        return new LedgerEntry(
                LedgerEntryIds.at(now), type, Optional.empty(), amount, Optional.empty(), Optional.of(reference), now);
    }

    public LedgerEntry withReference(String reference) {
        return new LedgerEntry(id, type, keyId, amount, reservationId, Optional.of(reference), createdAt);
    }

    public LedgerEntry forReservation(ReservationId reservation) {
        return new LedgerEntry(id, type, keyId, amount, Optional.of(reservation), reference, createdAt);
    }

    /** This entry's signed contribution to the sum of customer balances. */
    public long signedBalanceEffect() {
        return Math.multiplyExact(amount.value(), (long) type.balanceEffect());
    }
}
