package io.routstr.gateway.application.port.in.billing;

import io.routstr.gateway.domain.money.Msats;

/** What a settlement did. Settling twice is harmless: the second call reports {@link AlreadySettled}. */
public sealed interface SettleOutcome {

    /**
     * Charged {@code charged}; {@code shortfall} is cost the balance could not cover (recorded, never forgiven
     * silently); {@code remainingSpendable} is what the billing key can still spend.
     */
    record Charged(Msats charged, Msats shortfall, Msats remainingSpendable) implements SettleOutcome {}

    record AlreadySettled(Msats charged) implements SettleOutcome {}

    record UnknownReservation() implements SettleOutcome {}
}
