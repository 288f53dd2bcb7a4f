package io.routstr.gateway.application.port.out;

import io.routstr.gateway.domain.ecash.RedemptionFailure;
import io.routstr.gateway.domain.ecash.TokenFingerprint;
import io.routstr.gateway.domain.key.ApiKeyId;
import io.routstr.gateway.domain.key.KeyHash;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Port: the durable record of every token presented to the node, keyed by the token's fingerprint. A token is claimed
 * before it is sent to the mint, so concurrent callers (and instances) redeem it once; its outcome is kept, so a
 * redeemed token maps to its key and a rejected one is refused without asking the mint again.
 */
public interface TokenRedemptionLogPort {

    /**
     * Claims {@code tokenHash} for redemption unless it is already claimed (and the claim is younger than
     * {@code staleBefore}) or finished.
     */
    default ClaimResult claim(TokenFingerprint tokenHash, Instant now, Instant staleBefore) {
        return claim(tokenHash, Optional.empty(), now, staleBefore);
    }

    /**
     * Claims {@code tokenHash} for a deposit into the key with hash {@code forKey}, remembered so that a deposit whose
     * caller died can still be credited to that key by {@link #findStale the reconciler}.
     *
     * <p>A claim taken returns without waiting for its commit to reach the disk. The database writes its log in order,
     * so the claim is on disk as soon as a later commit that waits is, and nothing outside the database follows a claim
     * before one: the token goes to its mint only after the wallet's write-ahead commit, and a redemption that ends
     * before that releases, rejects or leaves interrupted its claim, each a commit that waits. A crash of the database
     * can thus lose a claim only together with everything after it, before anything depended on it.
     */
    ClaimResult claim(TokenFingerprint tokenHash, Optional<KeyHash> forKey, Instant now, Instant staleBefore);

    /**
     * The caller holding the claim failed after the token may have reached the mint: the claim stays, for the
     * reconciler, but the next presentation of the token may take it over at once (a retry then finishes the deposit).
     */
    void interrupted(TokenFingerprint tokenHash);

    /** Claims older than {@code claimedBefore} that name the key they deposit into, oldest first. */
    List<StaleClaim> findStale(Instant claimedBefore, int limit);

    /** A claim nobody finished: the token and the key it was to be deposited into. */
    record StaleClaim(TokenFingerprint tokenHash, KeyHash keyHash) {}

    void completed(TokenFingerprint tokenHash, ApiKeyId keyId, Instant now);

    void rejected(TokenFingerprint tokenHash, RedemptionFailure failure, Instant now);

    /** Gives a claim up after a retryable failure, so the token can be presented again. */
    void released(TokenFingerprint tokenHash);

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
