package io.routstr.gateway.application.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.port.out.UncollectedTokenPort;
import io.routstr.gateway.application.port.out.UncollectedTokenPort.Source;
import io.routstr.gateway.application.port.out.UncollectedTokenPort.SweepState;
import io.routstr.gateway.application.port.out.UncollectedTokenPort.UncollectedToken;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link UncollectedTokenPort} for X-Cashu change, for the in-memory fake and PostgreSQL: old enough
 * tokens are claimed oldest first, a claim keeps others off until it expires, and a finished token is never claimed
 * again. Times lie in 2000, before anything other tests store.
 */
public abstract class UncollectedTokenContract {

    private final Instant issued = Instant.parse("2000-01-01T00:00:00Z");
    private final Instant now = issued.plus(Duration.ofDays(2));
    private final Instant sweepAge = now.minus(Duration.ofDays(1));
    private final Instant claimExpiry = now.minus(Duration.ofMinutes(10));

    private UncollectedTokenPort tokens;

    /** The port with no change tokens issued in 2000. */
    protected abstract UncollectedTokenPort emptyTokens();

    /** Hands out X-Cashu change {@code token} at {@code issuedAt}, under the payment's token hash {@code id}. */
    protected abstract void handOutChange(String id, String token, Instant issuedAt);

    @BeforeEach
    void empty() {
        tokens = emptyTokens();
    }

    private UncollectedToken change(Instant issuedAt) {
        String id = (UUID.randomUUID().toString().replace("-", "") + "0".repeat(64)).substring(0, 64);
        String token = "cashuB" + id.substring(0, 16);
        handOutChange(id, token, issuedAt);
        return new UncollectedToken(Source.CHANGE, id, token);
    }

    @Test
    void tokensOlderThanTheSweepAgeAreClaimedOldestFirst_youngerOnesNot() {
        UncollectedToken newer = change(issued.plusSeconds(60));
        UncollectedToken older = change(issued);
        change(sweepAge.plusSeconds(1));

        assertThat(tokens.claim(sweepAge, claimExpiry, now, 10)).containsExactly(older, newer);
    }

    @Test
    void noMoreThanTheLimitIsClaimed() {
        UncollectedToken older = change(issued);
        change(issued.plusSeconds(60));

        assertThat(tokens.claim(sweepAge, claimExpiry, now, 1)).containsExactly(older);
    }

    @Test
    void aClaimedTokenIsNotClaimedAgainUntilTheClaimExpires() {
        UncollectedToken token = change(issued);
        tokens.claim(sweepAge, claimExpiry, now, 10);

        assertThat(tokens.claim(sweepAge, claimExpiry, now.plusSeconds(1), 10)).isEmpty();
        Instant muchLater = now.plus(Duration.ofHours(1));
        assertThat(tokens.claim(sweepAge, muchLater.minus(Duration.ofMinutes(10)), muchLater, 10))
                .containsExactly(token);
    }

    @Test
    void aFinishedTokenIsNeverClaimedAgain_howeverItEnded() {
        UncollectedToken swept = change(issued);
        UncollectedToken collected = change(issued.plusSeconds(1));
        UncollectedToken failed = change(issued.plusSeconds(2));
        tokens.claim(sweepAge, claimExpiry, now, 10);

        tokens.finish(swept, SweepState.SWEPT, now);
        tokens.finish(collected, SweepState.COLLECTED, now);
        tokens.finish(failed, SweepState.FAILED, now);

        Instant muchLater = now.plus(Duration.ofDays(1));
        assertThat(tokens.claim(sweepAge, muchLater, muchLater, 10)).isEmpty();
    }
}
