package io.routstr.gateway.application.service;

import java.time.Duration;
import java.util.Objects;

/**
 * Owner payout settings (Routstr §6.4, §17): where to ({@code RECEIVE_LN_ADDRESS}; blank turns payouts off), the least
 * worth paying ({@code MIN_PAYOUT_SAT}), the most per payout ({@code MAX_PAYOUT_SAT}), and how long one instance's
 * lease on the job lasts (longer than a melt may block, so no second instance starts while one pays).
 */
public record OwnerPayoutPolicy(String lightningAddress, long minSats, long maxSats, Duration lease) {

    public OwnerPayoutPolicy {
        lightningAddress = lightningAddress == null ? "" : lightningAddress.strip();
        Objects.requireNonNull(lease, "lease");
        if (minSats < 1) {
            throw new IllegalArgumentException("MIN_PAYOUT_SAT must be at least 1, not " + minSats);
        }
        if (maxSats < minSats) {
            throw new IllegalArgumentException(
                    "MAX_PAYOUT_SAT (" + maxSats + ") must not be below MIN_PAYOUT_SAT (" + minSats + ")");
        }
        if (lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("the payout lease must be positive");
        }
    }

    public boolean enabled() {
        return !lightningAddress.isEmpty();
    }
}
