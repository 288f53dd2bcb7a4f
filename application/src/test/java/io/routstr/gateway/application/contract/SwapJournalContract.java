package io.routstr.gateway.application.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.port.out.SwapJournalPort;
import io.routstr.gateway.application.port.out.SwapJournalPort.Swap;
import io.routstr.gateway.application.port.out.SwapJournalPort.SwapState;
import io.routstr.gateway.domain.ecash.QuoteId;
import io.routstr.gateway.domain.ecash.TokenFingerprint;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link SwapJournalPort}, for the in-memory fake and PostgreSQL: one unfinished swap per foreign mint
 * (the mint's lock), one live or done swap per token, state moves only from the state the caller saw, and stale
 * unfinished swaps are handed to one reconciler at a time.
 */
public abstract class SwapJournalContract {

    private final Instant now = Instant.parse("2026-03-10T12:00:00Z");
    private final MintUrl primary = MintUrl.of("https://primary.example");

    private SwapJournalPort swaps;
    private MintUrl foreign;

    protected abstract SwapJournalPort swaps();

    @BeforeEach
    void aFreshForeignMint() {
        swaps = swaps();
        foreign = MintUrl.of("https://foreign-" + UUID.randomUUID() + ".example");
    }

    private Swap swap(MintUrl mint, TokenFingerprint fingerprint) {
        return Swap.start(UUID.randomUUID(), fingerprint, mint, primary, CurrencyUnit.SAT, 100, now);
    }

    private static TokenFingerprint fingerprint() {
        return TokenFingerprint.of("cashuB" + UUID.randomUUID());
    }

    @Test
    void aSecondSwapOfTheSameForeignMintWaitsUntilTheFirstIsFinished() {
        Swap first = swap(foreign, fingerprint());
        assertThat(swaps.open(first)).isTrue();

        assertThat(swaps.open(swap(foreign, fingerprint()))).isFalse();

        swaps.advance(first, SwapState.STARTED, SwapState.FAILED, now);
        assertThat(swaps.open(swap(foreign, fingerprint()))).isTrue();
    }

    @Test
    void aTokenIsSwappedOnce_butAgainAfterItsSwapFailed() {
        TokenFingerprint token = fingerprint();
        Swap first = swap(foreign, token);
        swaps.open(first);
        swaps.advance(
                first.quoted(QuoteId.of("q"), QuoteId.of("m"), 90), SwapState.STARTED, SwapState.MELT_STARTED, now);
        swaps.advance(first, SwapState.MELT_STARTED, SwapState.MINT_STARTED, now);
        swaps.advance(first, SwapState.MINT_STARTED, SwapState.DONE, now);

        assertThat(swaps.open(swap(foreign, token))).isFalse();

        TokenFingerprint other = fingerprint();
        Swap failed = swap(foreign, other);
        swaps.open(failed);
        swaps.advance(failed, SwapState.STARTED, SwapState.FAILED, now);
        assertThat(swaps.open(swap(foreign, other))).isTrue();
    }

    @Test
    void aSwapMovesOnlyFromTheStateTheCallerSaw_andKeepsItsQuotes() {
        Swap swap = swap(foreign, fingerprint());
        swaps.open(swap);

        assertThat(swaps.advance(
                        swap.quoted(QuoteId.of("quote"), QuoteId.of("melt"), 97),
                        SwapState.STARTED,
                        SwapState.MELT_STARTED,
                        now))
                .isTrue();
        assertThat(swaps.advance(swap, SwapState.STARTED, SwapState.FAILED, now))
                .isFalse();

        Swap stored = swaps.find(swap.id()).orElseThrow();
        assertThat(stored.state()).isEqualTo(SwapState.MELT_STARTED);
        assertThat(stored.mintQuoteId()).contains(QuoteId.of("quote"));
        assertThat(stored.meltQuoteId()).contains(QuoteId.of("melt"));
        assertThat(stored.mintAmount()).isEqualTo(97);
        assertThat(swaps.findByFingerprint(swap.fingerprint())).contains(stored);
    }

    @Test
    void staleUnfinishedSwapsAreClaimedOnce_finishedOnesNever() {
        Swap stale = swap(foreign, fingerprint());
        swaps.open(stale);
        Swap done = swap(MintUrl.of("https://done-" + UUID.randomUUID() + ".example"), fingerprint());
        swaps.open(done);
        swaps.advance(done, SwapState.STARTED, SwapState.FAILED, now);

        Instant later = now.plusSeconds(600);
        assertThat(swaps.claimStale(later.minusSeconds(60), later, 1000))
                .extracting(Swap::id)
                .contains(stale.id())
                .doesNotContain(done.id());
        assertThat(swaps.claimStale(later.minusSeconds(60), later, 1000))
                .extracting(Swap::id)
                .doesNotContain(stale.id());
    }
}
