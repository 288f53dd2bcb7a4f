package io.routstr.gateway.application.service;

import static io.routstr.gateway.domain.key.ApiKeyBuilder.anApiKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.fake.FakePayouts;
import io.routstr.gateway.application.fake.InMemoryAccounts;
import io.routstr.gateway.application.fake.MutableClock;
import io.routstr.gateway.application.port.in.key.RefundBalanceCommand;
import io.routstr.gateway.application.port.in.key.RefundOutcome;
import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.ledger.LedgerEntryType;
import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.domain.reservation.Reservation;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RefundBalanceServiceTest {

    private final MutableClock clock = MutableClock.at("2026-03-10T12:00:00Z");
    private final InMemoryAccounts accounts = new InMemoryAccounts();
    private final FakePayouts payouts = new FakePayouts();
    private final RefundBalanceService service =
            new RefundBalanceService(accounts, accounts, payouts, clock, BillingPolicy.defaults());

    @AfterEach
    void ledgerHolds() {
        assertThat(accounts.balanceReport().holds()).isTrue();
    }

    private ApiKey funded(long msats) {
        ApiKey key = accounts.createIfAbsent(anApiKey().createdAt(clock.now()).build());
        if (msats > 0) {
            accounts.credit(key.id(), Msats.of(msats), "deposit:" + key.id(), clock.now());
        }
        return key;
    }

    private Msats balanceOf(ApiKey key) {
        return accounts.findById(key.id()).orElseThrow().balance();
    }

    @Test
    void aRefundPaysWholeSatsAndKeepsTheSubSatRemainderOnTheKey() {
        ApiKey key = funded(10_750);

        RefundOutcome outcome = service.refund(new RefundBalanceCommand(key.id()));

        assertThat(outcome)
                .isEqualTo(new RefundOutcome.Refunded(
                        Msats.of(10_000), Optional.of("cashuBfake1"), Optional.empty(), Msats.of(750)));
        assertThat(balanceOf(key)).isEqualTo(Msats.of(750));
    }

    @Test
    void givenAPayoutWhoseSwapCostAMintFee_theFeeIsBookedOwnerSideOnce() {
        ApiKey key = funded(10_000);
        payouts.chargeMintFee(Msats.ofSats(1));

        service.refund(new RefundBalanceCommand(key.id()));

        assertThat(accounts.balanceReport().total(LedgerEntryType.MINT_FEE)).isEqualTo(1_000);
        assertThat(balanceOf(key)).as("the customer got the whole refund").isEqualTo(Msats.ZERO);
    }

    @Test
    void givenAPayoutWithoutASwap_noMintFeeIsBooked() {
        service.refund(new RefundBalanceCommand(funded(10_000).id()));

        assertThat(accounts.balanceReport().total(LedgerEntryType.MINT_FEE)).isZero();
    }

    @Test
    void anEmptyKeyHasNothingToRefund() {
        assertThat(service.refund(new RefundBalanceCommand(funded(0).id())))
                .isInstanceOf(RefundOutcome.NothingToRefund.class);
    }

    @Test
    void lessThanASatIsTooSmallToRefund() {
        assertThat(service.refund(new RefundBalanceCommand(funded(999).id())))
                .isEqualTo(new RefundOutcome.BalanceTooSmall(Msats.of(999)));
    }

    @Test
    void aFailedPayoutPutsTheBalanceBack() {
        ApiKey key = funded(5_000);
        payouts.failNext("mint down");

        assertThat(service.refund(new RefundBalanceCommand(key.id()))).isInstanceOf(RefundOutcome.PayoutFailed.class);
        assertThat(balanceOf(key)).isEqualTo(Msats.of(5_000));
    }

    @Test
    void anUnknownPayoutOutcomeKeepsTheDebitSoNothingIsPaidTwice() {
        ApiKey key = funded(5_000);
        payouts.leaveNextUnknown("timeout after sending");

        assertThat(service.refund(new RefundBalanceCommand(key.id())))
                .isInstanceOf(RefundOutcome.PayoutOutcomeUnknown.class);
        assertThat(balanceOf(key)).isEqualTo(Msats.ZERO);
    }

    @Test
    void aRecentReservationBlocksTheRefundButAStaleOneIsReleasedFirst() {
        ApiKey key = funded(5_000);
        accounts.reserve(Reservation.open(key.id(), key.id(), Msats.of(1_000), clock.now()), clock.now());

        assertThat(service.refund(new RefundBalanceCommand(key.id())))
                .isInstanceOf(RefundOutcome.RequestsInFlight.class);

        clock.advance(Duration.ofMinutes(10));
        assertThat(service.refund(new RefundBalanceCommand(key.id()))).isInstanceOf(RefundOutcome.Refunded.class);
    }

    @Test
    void aChildKeyCannotBeRefunded() {
        ApiKey parent = funded(5_000);
        ApiKey child = accounts.createIfAbsent(anApiKey().childOf(parent).build());

        assertThat(service.refund(new RefundBalanceCommand(child.id())))
                .isInstanceOf(RefundOutcome.ChildKeyCannotRefund.class);
    }
}
