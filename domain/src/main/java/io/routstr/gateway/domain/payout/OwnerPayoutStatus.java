package io.routstr.gateway.domain.payout;

/**
 * Where a payout of owner funds stands: {@code OPEN} is checkpointed before any ecash moves, {@code UNRESOLVED} means
 * the melt's outcome is unknown and must be looked up, {@code PAID} and {@code FAILED} are final.
 */
public enum OwnerPayoutStatus {
    OPEN,
    UNRESOLVED,
    PAID,
    FAILED;

    public boolean isFinal() {
        return this == PAID || this == FAILED;
    }
}
