package io.routstr.gateway.application.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.port.out.LedgerPort;
import io.routstr.gateway.application.port.out.OwnerPayoutPort;
import io.routstr.gateway.domain.ecash.QuoteId;
import io.routstr.gateway.domain.ledger.LedgerEntryType;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.domain.payout.OwnerPayout;
import io.routstr.gateway.domain.payout.OwnerPayoutId;
import io.routstr.gateway.domain.payout.OwnerPayoutStatus;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link OwnerPayoutPort}, for the in-memory fake and PostgreSQL: one unfinished payout at a time,
 * every step a compare-and-set on the status, and the PAYOUT ledger entry booked once, with the step that marks it
 * paid.
 */
public abstract class OwnerPayoutContract {

    private static final MintUrl MINT = MintUrl.of("https://mint.example");
    private final Instant now = Instant.parse("2026-03-10T12:00:00Z");

    private OwnerPayoutPort payouts;

    /** The port with no payouts stored. */
    protected abstract OwnerPayoutPort emptyPayouts();

    /** The ledger the port books its PAYOUT entries in. */
    protected abstract LedgerPort ledger();

    @BeforeEach
    void empty() {
        payouts = emptyPayouts();
    }

    private OwnerPayout opened(long msats, Instant at) {
        OwnerPayout payout = OwnerPayout.open(MINT, CurrencyUnit.SAT, Msats.of(msats), "owner@example.com", at);
        assertThat(payouts.open(payout)).isTrue();
        return payout;
    }

    private long booked() {
        return ledger().balanceReport().total(LedgerEntryType.PAYOUT);
    }

    private OwnerPayoutStatus statusOf(OwnerPayoutId id) {
        return payouts.find(id).orElseThrow().status();
    }

    @Test
    void aPayoutIsStoredOpen_andIsTheUnfinishedOne() {
        OwnerPayout payout = opened(21_000, now);

        OwnerPayout stored = payouts.find(payout.id()).orElseThrow();
        assertThat(stored.status()).isEqualTo(OwnerPayoutStatus.OPEN);
        assertThat(stored.amount()).isEqualTo(Msats.of(21_000));
        assertThat(stored.mint()).isEqualTo(MINT);
        assertThat(stored.quoteId()).isEmpty();
        assertThat(payouts.findUnfinished()).map(OwnerPayout::id).contains(payout.id());
    }

    @Test
    void whileOnePayoutIsUnfinished_noOtherOpens_evenAnUnresolvedOne() {
        OwnerPayout first = opened(21_000, now);
        OwnerPayout second = OwnerPayout.open(MINT, CurrencyUnit.SAT, Msats.of(1_000), "owner@example.com", now);

        assertThat(payouts.open(second)).isFalse();
        assertThat(payouts.markUnresolved(first.id(), now)).isTrue();
        assertThat(payouts.open(second)).isFalse();
        assertThat(payouts.find(second.id())).isEmpty();
    }

    @Test
    void onceTheUnfinishedPayoutIsFinal_theNextOneOpens() {
        OwnerPayout first = opened(21_000, now);
        payouts.markFailed(first.id(), now);

        OwnerPayout second = opened(1_000, now.plusSeconds(60));

        assertThat(payouts.findUnfinished()).map(OwnerPayout::id).contains(second.id());
    }

    @Test
    void theQuoteIsRecordedOnlyWhileThePayoutIsOpen() {
        OwnerPayout payout = opened(21_000, now);

        assertThat(payouts.recordQuote(payout.id(), QuoteId.of("quote-1"), now.plusSeconds(1)))
                .isTrue();
        assertThat(payouts.find(payout.id()).orElseThrow().quoteId()).contains(QuoteId.of("quote-1"));

        payouts.markUnresolved(payout.id(), now);
        assertThat(payouts.recordQuote(payout.id(), QuoteId.of("quote-2"), now)).isFalse();
        assertThat(payouts.find(payout.id()).orElseThrow().quoteId()).contains(QuoteId.of("quote-1"));
    }

    @Test
    void markingPaidBooksThePayoutOnce_andASecondMarkChangesNothing() {
        long before = booked();
        OwnerPayout payout = opened(21_000, now);
        payouts.markUnresolved(payout.id(), now);

        assertThat(payouts.markPaid(payout.id(), now)).isTrue();
        assertThat(payouts.markPaid(payout.id(), now)).isFalse();
        assertThat(payouts.markFailed(payout.id(), now)).isFalse();

        assertThat(statusOf(payout.id())).isEqualTo(OwnerPayoutStatus.PAID);
        assertThat(booked() - before).isEqualTo(21_000);
        assertThat(payouts.findUnfinished()).isEmpty();
    }

    @Test
    void aFailedPayoutBooksNothing_andCannotBeMarkedPaidAfterwards() {
        long before = booked();
        OwnerPayout payout = opened(21_000, now);

        assertThat(payouts.markFailed(payout.id(), now)).isTrue();
        assertThat(payouts.markPaid(payout.id(), now)).isFalse();
        assertThat(payouts.markUnresolved(payout.id(), now)).isFalse();

        assertThat(statusOf(payout.id())).isEqualTo(OwnerPayoutStatus.FAILED);
        assertThat(booked()).isEqualTo(before);
    }

    @Test
    void onlyAnOpenPayoutBecomesUnresolved() {
        OwnerPayout payout = opened(21_000, now);

        assertThat(payouts.markUnresolved(payout.id(), now)).isTrue();
        assertThat(payouts.markUnresolved(payout.id(), now)).isFalse();
        assertThat(statusOf(payout.id())).isEqualTo(OwnerPayoutStatus.UNRESOLVED);
    }

    @Test
    void stepsOnAnUnknownPayoutChangeNothing() {
        OwnerPayoutId unknown = OwnerPayoutId.random();

        assertThat(payouts.find(unknown)).isEmpty();
        assertThat(payouts.recordQuote(unknown, QuoteId.of("quote"), now)).isFalse();
        assertThat(payouts.markUnresolved(unknown, now)).isFalse();
        assertThat(payouts.markPaid(unknown, now)).isFalse();
        assertThat(payouts.markFailed(unknown, now)).isFalse();
    }

    @Test
    void recentPayoutsComeNewestFirst_uptoTheLimit() {
        OwnerPayout oldest = opened(1_000, now);
        payouts.markFailed(oldest.id(), now);
        OwnerPayout middle = opened(2_000, now.plusSeconds(60));
        payouts.markPaid(middle.id(), now.plusSeconds(60));
        OwnerPayout newest = opened(3_000, now.plusSeconds(120));

        assertThat(payouts.recent(2)).extracting(OwnerPayout::id).containsExactly(newest.id(), middle.id());
        assertThat(payouts.recent(10))
                .extracting(OwnerPayout::id)
                .containsExactly(newest.id(), middle.id(), oldest.id());
    }

    @Test
    void withNoRefundsUnderWay_noneAreInFlight() {
        assertThat(payouts.refundsInFlight(MintUrl.of("https://no-refunds.example"), CurrencyUnit.SAT))
                .isEqualTo(Msats.ZERO);
    }
}
