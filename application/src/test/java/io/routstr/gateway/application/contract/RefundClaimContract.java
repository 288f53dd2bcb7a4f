package io.routstr.gateway.application.contract;

import static io.routstr.gateway.domain.key.ApiKeyBuilder.anApiKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.port.out.ApiKeyPort;
import io.routstr.gateway.application.port.out.BalancePort;
import io.routstr.gateway.application.port.out.EcashPaymentLogPort;
import io.routstr.gateway.application.port.out.EcashPaymentLogPort.EcashPayment;
import io.routstr.gateway.application.port.out.LedgerPort;
import io.routstr.gateway.application.port.out.RefundClaimPort;
import io.routstr.gateway.application.port.out.RefundClaimPort.OpenResult;
import io.routstr.gateway.domain.ecash.QuoteId;
import io.routstr.gateway.domain.ecash.TokenFingerprint;
import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.ledger.LedgerEntryType;
import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.domain.refund.RefundClaim;
import io.routstr.gateway.domain.refund.RefundStatus;
import io.routstr.gateway.domain.reservation.Reservation;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The contract of {@link RefundClaimPort}, for the in-memory fake and PostgreSQL. */
public abstract class RefundClaimContract {

    private final Instant now = Instant.parse("2026-03-10T12:00:00Z");

    protected abstract RefundClaimPort claims();

    protected abstract ApiKeyPort apiKeys();

    protected abstract BalancePort balances();

    protected abstract LedgerPort ledger();

    /** The payment log that {@link RefundClaimPort#completeAsChange} records an {@code X-Cashu} payment's change in. */
    protected abstract EcashPaymentLogPort payments();

    private ApiKey funded(long msats) {
        ApiKey key = apiKeys().createIfAbsent(anApiKey().createdAt(now).build());
        balances().credit(key.id(), Msats.of(msats), "deposit:" + UUID.randomUUID(), now);
        return key;
    }

    private Msats balanceOf(ApiKey key) {
        return apiKeys().findById(key.id()).orElseThrow().balance();
    }

    private RefundClaim claimFor(ApiKey key, long msats, Instant at) {
        return RefundClaim.open(key.id(), Msats.of(msats), key.refundTarget(), at);
    }

    @Test
    void openingAClaimDebitsTheKeyAndBooksTheRefund_onceForOneUnfinishedClaim() {
        ApiKey key = funded(5_000);
        RefundClaim claim = claimFor(key, 5_000, now);

        assertThat(claims().open(claim, Msats.of(5_000), now)).isInstanceOf(OpenResult.Opened.class);
        OpenResult second = claims().open(claimFor(key, 5_000, now), Msats.ZERO, now);

        assertThat(second)
                .isInstanceOfSatisfying(
                        OpenResult.AlreadyClaimed.class,
                        already -> assertThat(already.existing().id()).isEqualTo(claim.id()));
        assertThat(balanceOf(key)).isEqualTo(Msats.ZERO);
        assertThat(claims().findUnfinished(key.id()).orElseThrow().status()).isEqualTo(RefundStatus.OPEN);
        assertThat(ledger().entriesFor(key.id(), 10))
                .filteredOn(e -> e.type() == LedgerEntryType.REFUND)
                .hasSize(1);
    }

    @Test
    void aKeyWithARequestInFlightIsNotDebited() {
        ApiKey key = funded(5_000);
        balances().reserve(Reservation.open(key.id(), key.id(), Msats.of(1_000), now), now);

        assertThat(claims().open(claimFor(key, 5_000, now), Msats.of(5_000), now))
                .isInstanceOf(OpenResult.RequestsInFlight.class);
        assertThat(balanceOf(key)).isEqualTo(Msats.of(5_000));
        assertThat(claims().findUnfinished(key.id())).isEmpty();
    }

    @Test
    void aBalanceThatMovedIsNotDebited() {
        ApiKey key = funded(5_000);

        assertThat(claims().open(claimFor(key, 4_000, now), Msats.of(4_000), now))
                .isInstanceOf(OpenResult.BalanceChanged.class);
        assertThat(balanceOf(key)).isEqualTo(Msats.of(5_000));
    }

    @Test
    void aReversalPutsTheDebitBackOnce() {
        ApiKey key = funded(5_000);
        RefundClaim claim = claimFor(key, 5_000, now);
        claims().open(claim, Msats.of(5_000), now);

        assertThat(claims().reverse(claim.id(), now)).isTrue();
        assertThat(claims().reverse(claim.id(), now)).isFalse();
        assertThat(claims().complete(claim.id(), Optional.of("cashuBlate"), now))
                .isFalse();

        assertThat(balanceOf(key)).isEqualTo(Msats.of(5_000));
        assertThat(claims().find(claim.id()).orElseThrow().status()).isEqualTo(RefundStatus.REVERSED);
        assertThat(claims().findUnfinished(key.id())).isEmpty();
    }

    @Test
    void aCompletedClaimKeepsItsTokenAndIsTheKeysLastOne() {
        ApiKey key = funded(5_000);
        RefundClaim claim = claimFor(key, 5_000, now);
        claims().open(claim, Msats.of(5_000), now);

        assertThat(claims().recordQuote(claim.id(), QuoteId.of("quote-1"), now)).isTrue();
        assertThat(claims().complete(claim.id(), Optional.of("cashuBpaid"), now))
                .isTrue();

        RefundClaim last = claims().findLastCompleted(key.id()).orElseThrow();
        assertThat(last.token()).contains("cashuBpaid");
        assertThat(last.quoteId()).contains(QuoteId.of("quote-1"));
        assertThat(claims().recordQuote(claim.id(), QuoteId.of("quote-2"), now)).isFalse();
        assertThat(claims().reverse(claim.id(), now)).isFalse();
        assertThat(balanceOf(key)).isEqualTo(Msats.ZERO);
    }

    @Test
    void theReconcilerGetsTimedOutOpenClaimsAndUnresolvedOnes_leasedSoAnotherPassSkipsThem() {
        ApiKey young = funded(1_000);
        ApiKey old = funded(2_000);
        ApiKey unknown = funded(3_000);
        claims().open(claimFor(young, 1_000, now), Msats.of(1_000), now);
        RefundClaim oldClaim = claimFor(old, 2_000, now.minus(Duration.ofHours(1)));
        claims().open(oldClaim, Msats.of(2_000), now.minus(Duration.ofHours(1)));
        RefundClaim unknownClaim = claimFor(unknown, 3_000, now);
        claims().open(unknownClaim, Msats.of(3_000), now);
        assertThat(claims().markUnresolved(unknownClaim.id(), now)).isTrue();
        assertThat(claims().markUnresolved(unknownClaim.id(), now)).isFalse();

        Instant later = now.plusSeconds(60);
        assertThat(claims().claimStale(now.minus(Duration.ofMinutes(10)), later, later, 10))
                .extracting(RefundClaim::id)
                .containsExactlyInAnyOrder(oldClaim.id(), unknownClaim.id());
        assertThat(claims().claimStale(now.minus(Duration.ofMinutes(10)), later, later, 10))
                .isEmpty();
    }

    @Test
    void aChangeClaimCompleted_recordsThePaymentsChangeWithIt_forTheOriginalTokenToFindAgain() {
        ApiKey key = funded(5_000);
        TokenFingerprint paidBy = TokenFingerprint.of("cashuB" + UUID.randomUUID());
        payments().started(paidBy, key.id(), now);
        RefundClaim claim = claimFor(key, 5_000, now);
        claims().open(claim, Msats.of(5_000), now);

        assertThat(claims().completeAsChange(claim.id(), Optional.of("cashuBchange"), paidBy, Msats.of(5_000), now))
                .isTrue();

        assertThat(claims().find(claim.id()).orElseThrow().status()).isEqualTo(RefundStatus.COMPLETED);
        assertThat(claims().find(claim.id()).orElseThrow().token()).contains("cashuBchange");
        assertThat(payments().find(paidBy))
                .contains(new EcashPayment(paidBy, key.id(), true, Optional.of("cashuBchange"), Msats.of(5_000)));
    }

    @Test
    void aChangeClaimAlreadyFinal_isNotCompletedAgain_andLeavesThePaymentAsItWas() {
        ApiKey key = funded(5_000);
        TokenFingerprint paidBy = TokenFingerprint.of("cashuB" + UUID.randomUUID());
        payments().started(paidBy, key.id(), now);
        RefundClaim claim = claimFor(key, 5_000, now);
        claims().open(claim, Msats.of(5_000), now);
        claims().reverse(claim.id(), now);

        assertThat(claims().completeAsChange(claim.id(), Optional.of("cashuBlate"), paidBy, Msats.of(5_000), now))
                .isFalse();

        assertThat(claims().find(claim.id()).orElseThrow().status()).isEqualTo(RefundStatus.REVERSED);
        assertThat(payments().find(paidBy))
                .contains(new EcashPayment(paidBy, key.id(), false, Optional.empty(), Msats.ZERO));
    }
}
