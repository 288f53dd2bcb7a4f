package io.routstr.gateway.application.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.port.out.TokenRedemptionLogPort;
import io.routstr.gateway.application.port.out.TokenRedemptionLogPort.ClaimResult;
import io.routstr.gateway.application.port.out.TokenRedemptionLogPort.StaleClaim;
import io.routstr.gateway.domain.ecash.RedemptionFailure;
import io.routstr.gateway.domain.ecash.TokenFingerprint;
import io.routstr.gateway.domain.key.ApiKeyId;
import io.routstr.gateway.domain.key.KeyHash;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The contract of {@link TokenRedemptionLogPort}, for the in-memory fake and PostgreSQL. */
public abstract class TokenRedemptionLogContract {

    private final Instant now = Instant.parse("2026-03-10T12:00:00Z");
    private final Instant staleBefore = now.minus(Duration.ofMinutes(5));

    protected abstract TokenRedemptionLogPort log();

    /** A key id the implementation accepts as completed (a stored key where it checks references). */
    protected abstract ApiKeyId existingKey();

    private static TokenFingerprint hash() {
        return TokenFingerprint.of("cashuB" + UUID.randomUUID());
    }

    @Test
    void aTokenIsClaimedOnceWhileItIsBeingRedeemed() {
        TokenFingerprint token = hash();

        assertThat(log().claim(token, now, staleBefore)).isInstanceOf(ClaimResult.Claimed.class);
        assertThat(log().claim(token, now, staleBefore)).isInstanceOf(ClaimResult.InProgress.class);
    }

    @Test
    void aCompletedTokenMapsToItsKey() {
        TokenFingerprint token = hash();
        ApiKeyId key = existingKey();
        log().claim(token, now, staleBefore);

        log().completed(token, key, now);

        assertThat(log().claim(token, now, staleBefore)).isEqualTo(new ClaimResult.Completed(key));
    }

    @Test
    void aRejectedTokenStaysRejected() {
        TokenFingerprint token = hash();
        log().claim(token, now, staleBefore);

        log().rejected(token, RedemptionFailure.ALREADY_SPENT, now);

        assertThat(log().claim(token, now, staleBefore))
                .isEqualTo(new ClaimResult.Rejected(RedemptionFailure.ALREADY_SPENT));
    }

    @Test
    void aReleasedClaimCanBeTakenAgain() {
        TokenFingerprint token = hash();
        log().claim(token, now, staleBefore);

        log().released(token);

        assertThat(log().claim(token, now, staleBefore)).isInstanceOf(ClaimResult.Claimed.class);
    }

    @Test
    void aStaleClaimCanBeTakenOver() {
        TokenFingerprint token = hash();
        log().claim(token, now.minus(Duration.ofMinutes(10)), staleBefore.minus(Duration.ofMinutes(10)));

        assertThat(log().claim(token, now, staleBefore)).isInstanceOf(ClaimResult.Claimed.class);
    }

    @Test
    void ofTwentyConcurrentClaimsExactlyOneWins() throws Exception {
        TokenFingerprint token = hash();
        AtomicInteger winners = new AtomicInteger();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 20; i++) {
                executor.submit(() -> {
                    if (log().claim(token, now, staleBefore) instanceof ClaimResult.Claimed) {
                        winners.incrementAndGet();
                    }
                    return null;
                });
            }
        }
        assertThat(winners.get()).isEqualTo(1);
    }

    @Test
    void aClaimForAKeyThatNobodyFinishesIsFoundStaleWithItsKey_andNotOnceCompleted() {
        TokenFingerprint token = hash();
        KeyHash key = new KeyHash(hash().value());
        log().claim(token, Optional.of(key), now, staleBefore);

        assertThat(log().findStale(now, 1_000)).doesNotContain(new StaleClaim(token, key));
        assertThat(log().findStale(now.plusSeconds(1), 1_000)).contains(new StaleClaim(token, key));

        log().completed(token, existingKey(), now);
        assertThat(log().findStale(now.plusSeconds(1), 1_000)).doesNotContain(new StaleClaim(token, key));
    }

    @Test
    void anInterruptedClaimCanBeTakenOverAtOnceAndKeepsItsKey() {
        TokenFingerprint token = hash();
        KeyHash key = new KeyHash(hash().value());
        log().claim(token, Optional.of(key), now, staleBefore);

        log().interrupted(token);

        assertThat(log().findStale(now.minus(Duration.ofDays(1)), 1_000)).contains(new StaleClaim(token, key));
        assertThat(log().claim(token, now, staleBefore)).isInstanceOf(ClaimResult.Claimed.class);
        assertThat(log().findStale(now.plusSeconds(1), 1_000)).contains(new StaleClaim(token, key));
    }
}
