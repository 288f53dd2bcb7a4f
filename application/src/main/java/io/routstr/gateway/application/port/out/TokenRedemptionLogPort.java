package io.routstr.gateway.application.port.out;

import io.routstr.gateway.domain.ecash.RedemptionFailure;
import io.routstr.gateway.domain.key.ApiKeyId;
import java.time.Instant;

/**
 * Port: the durable record of every token presented to the node, keyed by the token's SHA-256. A token is claimed
 * before it is sent to the mint, so concurrent callers (and instances) redeem it once; its outcome is kept, so a
 * redeemed token maps to its key and a rejected one is refused without asking the mint again.
 */
public interface TokenRedemptionLogPort {

    /**
     * Claims {@code tokenHash} for redemption unless it is already claimed (and the claim is younger than
     * {@code staleBefore}) or finished.
     */
    ClaimResult claim(String tokenHash, Instant now, Instant staleBefore);

    void completed(String tokenHash, ApiKeyId keyId, Instant now);

    void rejected(String tokenHash, RedemptionFailure failure, Instant now);

    /** Gives a claim up after a retryable failure, so the token can be presented again. */
    void released(String tokenHash);

    /** What a claim found. */
    sealed interface ClaimResult {
        /** This caller holds the claim and must redeem, then record the outcome. */
        record Claimed() implements ClaimResult {}

        /** Another caller is redeeming it right now. */
        record InProgress() implements ClaimResult {}

        record Completed(ApiKeyId keyId) implements ClaimResult {}

        record Rejected(RedemptionFailure failure) implements ClaimResult {}
    }
}
