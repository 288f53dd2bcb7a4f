package io.routstr.gateway.application.service;

import static io.routstr.gateway.domain.key.ApiKeyBuilder.anApiKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.routstr.gateway.application.fake.FakePayouts;
import io.routstr.gateway.application.fake.InMemoryAccounts;
import io.routstr.gateway.application.fake.InMemoryRefundClaims;
import io.routstr.gateway.application.fake.MutableClock;
import io.routstr.gateway.application.port.in.key.RefundBalanceCommand;
import io.routstr.gateway.application.port.in.key.RefundOutcome;
import io.routstr.gateway.application.port.out.RefundClaimPort.Flush;
import io.routstr.gateway.domain.ecash.QuoteId;
import io.routstr.gateway.domain.ecash.TokenFingerprint;
import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.ledger.LedgerEntryType;
import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.domain.refund.RefundClaim;
import io.routstr.gateway.domain.refund.RefundStatus;
import io.routstr.gateway.domain.reservation.Reservation;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RefundBalanceServiceTest {

    private final MutableClock clock = MutableClock.at("2026-03-10T12:00:00Z");
    private final InMemoryAccounts accounts = new InMemoryAccounts();
    private final FakePayouts payouts = new FakePayouts();
    private final InMemoryRefundClaims claims = new InMemoryRefundClaims(accounts);
    private final RefundBalanceService service = new RefundBalanceService(
            accounts,
            accounts,
            claims,
            payouts,
            clock,
            BillingPolicy.defaults(),
            StandingHoldsService.off(accounts, clock));
    private final ReconcileRefundsService reconciler =
            new ReconcileRefundsService(claims, payouts, clock, RefundPolicy.defaults());

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

    /** A refund whose node died after opening its claim and before paying: the claim stays open, the key debited. */
    private RefundClaim claimLeftOpenByACrashBeforePaying(ApiKey key) {
        payouts.crashBeforePayingNext();
        assertThatThrownBy(() -> service.refund(new RefundBalanceCommand(key.id())))
                .isInstanceOf(IllegalStateException.class);
        return claims.findUnfinished(key.id()).orElseThrow();
    }

    private Msats balanceOf(ApiKey key) {
        return accounts.findById(key.id()).orElseThrow().balance();
    }

    @Test
    void aRefundPaysWholeSatsAndKeepsTheSubSatRemainderOnTheKey() {
        ApiKey key = funded(10_750);

        RefundOutcome outcome = service.refund(new RefundBalanceCommand(key.id()));

        RefundOutcome.Refunded refunded = (RefundOutcome.Refunded) outcome;
        assertThat(refunded)
                .isEqualTo(new RefundOutcome.Refunded(
                        refunded.refundId(),
                        Msats.of(10_000),
                        Optional.of("cashuBfake1"),
                        Optional.empty(),
                        Msats.of(750)));
        assertThat(balanceOf(key)).isEqualTo(Msats.of(750));
        assertThat(claims.find(refunded.refundId()).orElseThrow().status()).isEqualTo(RefundStatus.COMPLETED);
    }

    @Test
    void aRetryAfterALostAnswerGetsTheSameTokenWhileItIsUnspent() {
        ApiKey key = funded(10_750);
        RefundOutcome.Refunded first = (RefundOutcome.Refunded) service.refund(new RefundBalanceCommand(key.id()));

        RefundOutcome retry = service.refund(new RefundBalanceCommand(key.id()));

        assertThat(retry).isEqualTo(first);
        assertThat(payouts.paid()).containsExactly(Msats.of(10_000));
        assertThat(balanceOf(key)).isEqualTo(Msats.of(750));
    }

    @Test
    void aSecondRefundOfASubSatRemainderAnswersNoBalanceOnceTheTokenIsSpent() {
        ApiKey key = funded(10_750);
        RefundOutcome.Refunded first = (RefundOutcome.Refunded) service.refund(new RefundBalanceCommand(key.id()));
        payouts.spend(first.token().orElseThrow());

        assertThat(service.refund(new RefundBalanceCommand(key.id())))
                .isInstanceOf(RefundOutcome.NothingToRefund.class);
        assertThat(balanceOf(key)).isEqualTo(Msats.of(750));
    }

    @Test
    void aRefundToALightningAddressFromTheBodyPaysThereAndRecordsTheQuote() {
        ApiKey key = funded(4_000);

        RefundOutcome outcome = service.refund(new RefundBalanceCommand(key.id(), Optional.of("alice@example.com")));

        RefundOutcome.Refunded refunded = (RefundOutcome.Refunded) outcome;
        assertThat(refunded.recipient()).contains("alice@example.com");
        assertThat(refunded.token()).isEmpty();
        assertThat(claims.find(refunded.refundId()).orElseThrow().quoteId()).contains(QuoteId.of("quote-1"));
        assertThat(accounts.entriesFor(key.id(), 10))
                .anySatisfy(e -> assertThat(e.type()).isEqualTo(LedgerEntryType.WITHDRAWAL));
    }

    @Test
    void aRefundWhileAnotherIsOpenIsInProgressAndDebitsNothing() {
        ApiKey key = funded(5_000);
        RefundClaim open = claimLeftOpenByACrashBeforePaying(key);

        assertThat(service.refund(new RefundBalanceCommand(key.id())))
                .isEqualTo(new RefundOutcome.RefundInProgress(open.id()));
        assertThat(balanceOf(key)).isEqualTo(Msats.ZERO);
    }

    @Test
    void aRefundWhileAnotherIsOpen_ofATopUpMadeSince_isInProgressAndDebitsNothing() {
        ApiKey key = funded(5_000);
        RefundClaim open = claimLeftOpenByACrashBeforePaying(key);
        accounts.credit(key.id(), Msats.of(3_000), "deposit:top-up", clock.now());

        assertThat(service.refund(new RefundBalanceCommand(key.id())))
                .isEqualTo(new RefundOutcome.RefundInProgress(open.id()));
        assertThat(balanceOf(key)).isEqualTo(Msats.of(3_000));
    }

    @Test
    void aCrashBeforePaying_theReconcilerReversesTheClaimOnceItTimesOut_andTheRetryRefundsAgain() {
        ApiKey key = funded(5_000);
        claimLeftOpenByACrashBeforePaying(key);

        assertThat(reconciler.reconcile()).isZero();
        clock.advance(RefundPolicy.defaults().claimTimeout().plusSeconds(1));
        assertThat(reconciler.reconcile()).isEqualTo(1);

        assertThat(balanceOf(key)).isEqualTo(Msats.of(5_000));
        assertThat(service.refund(new RefundBalanceCommand(key.id()))).isInstanceOf(RefundOutcome.Refunded.class);
        assertThat(payouts.paid()).containsExactly(Msats.of(5_000));
    }

    @Test
    void aCrashAfterPaying_theReconcilerCompletesTheClaim_andTheRetryGetsTheSameToken() {
        ApiKey key = funded(5_000);
        payouts.crashAfterPayingNext();
        assertThatThrownBy(() -> service.refund(new RefundBalanceCommand(key.id())))
                .isInstanceOf(IllegalStateException.class);
        clock.advance(RefundPolicy.defaults().claimTimeout().plusSeconds(1));

        assertThat(reconciler.reconcile()).isEqualTo(1);

        RefundOutcome retry = service.refund(new RefundBalanceCommand(key.id()));
        assertThat(retry).isInstanceOfSatisfying(RefundOutcome.Refunded.class, r -> {
            assertThat(r.token()).contains("cashuBfake1");
            assertThat(r.amount()).isEqualTo(Msats.of(5_000));
        });
        assertThat(payouts.paid()).containsExactly(Msats.of(5_000));
        assertThat(balanceOf(key)).isEqualTo(Msats.ZERO);
    }

    @Test
    void anUnresolvedClaimAnswersUnresolvedUntilTheReconcilerLearnsItWasNotPaid() {
        ApiKey key = funded(5_000);
        payouts.leaveNextUnknown("timeout after sending");
        RefundOutcome.PayoutOutcomeUnknown unknown =
                (RefundOutcome.PayoutOutcomeUnknown) service.refund(new RefundBalanceCommand(key.id()));

        assertThat(service.refund(new RefundBalanceCommand(key.id())))
                .isEqualTo(new RefundOutcome.RefundUnresolved(unknown.refundId()));
        payouts.mintSilent(true);
        clock.advance(Duration.ofMinutes(2));
        assertThat(reconciler.reconcile()).isZero();
        assertThat(balanceOf(key)).isEqualTo(Msats.ZERO);

        payouts.mintSilent(false);
        clock.advance(Duration.ofMinutes(2));
        assertThat(reconciler.reconcile()).isEqualTo(1);
        assertThat(balanceOf(key)).isEqualTo(Msats.of(5_000));
        assertThat(claims.find(unknown.refundId()).orElseThrow().status()).isEqualTo(RefundStatus.REVERSED);
    }

    @Test
    void aLightningClaimReversedByTheReconcilerRefusesItsLateQuote_soNothingIsPaidTwice() {
        ApiKey key = funded(5_000);
        RefundClaim claim = RefundClaim.open(
                key.id(), Msats.of(5_000), key.refundTarget().withLightningAddress("a@example.com", null), clock.now());
        claims.open(claim, Msats.of(5_000), clock.now());
        clock.advance(RefundPolicy.defaults().claimTimeout().plusSeconds(1));
        assertThat(reconciler.reconcile()).isEqualTo(1);

        assertThat(claims.recordQuote(claim.id(), QuoteId.of("late-quote"), clock.now()))
                .isFalse();
        assertThat(balanceOf(key)).isEqualTo(Msats.of(5_000));
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
    void aPayoutBlockedByAnotherPayoutInFlight_isATemporaryAnswerAndPutsTheBalanceBack() {
        ApiKey key = funded(5_000);
        payouts.findNextProofsInFlight("proofs held by another swap");

        assertThat(service.refund(new RefundBalanceCommand(key.id())))
                .isInstanceOf(RefundOutcome.PayoutTemporarilyUnavailable.class);
        assertThat(balanceOf(key)).isEqualTo(Msats.of(5_000));
        assertThat(service.refund(new RefundBalanceCommand(key.id())))
                .as("the claim was reversed, so a retry is paid")
                .isInstanceOf(RefundOutcome.Refunded.class);
    }

    @Test
    void anUnknownPayoutOutcomeKeepsTheDebitSoNothingIsPaidTwice() {
        ApiKey key = funded(5_000);
        payouts.leaveNextUnknown("timeout after sending");

        assertThat(service.refund(new RefundBalanceCommand(key.id())))
                .isInstanceOf(RefundOutcome.PayoutOutcomeUnknown.class);
        assertThat(balanceOf(key)).isEqualTo(Msats.ZERO);
        assertThat(claims.findUnfinished(key.id()).orElseThrow().status()).isEqualTo(RefundStatus.UNRESOLVED);
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
    void anXCashuPaymentsChange_opensItsClaimWithoutWaitingForTheDisk_forItsPayoutsWriteAheadFlushesIt() {
        ApiKey key = funded(10_000);
        TokenFingerprint paidBy = TokenFingerprint.of("cashuBpaidForOneRequest");

        assertThat(service.refund(RefundBalanceCommand.changeOf(key.id(), paidBy)))
                .isInstanceOf(RefundOutcome.Refunded.class);

        assertThat(claims.openingFlushes()).containsExactly(Flush.LEFT_TO_NEXT_COMMIT);
    }

    @Test
    void aPayoutThatRecordsTheCallerInItsHandOut_completesTheClaimThere_withTheChangeRecorded() {
        payouts.recordCallersInHandOut();
        ApiKey key = funded(10_000);
        TokenFingerprint paidBy = TokenFingerprint.of("cashuBpaidForOneRequest");

        RefundOutcome.Refunded refunded =
                (RefundOutcome.Refunded) service.refund(RefundBalanceCommand.changeOf(key.id(), paidBy));

        assertThat(refunded.token()).contains("cashuBfake1");
        assertThat(refunded.changeRecorded()).isTrue();
        assertThat(payouts.callersRecordedInHandOut()).isEqualTo(1);
        assertThat(claims.find(refunded.refundId()).orElseThrow().status()).isEqualTo(RefundStatus.COMPLETED);
        assertThat(balanceOf(key)).isEqualTo(Msats.ZERO);
        assertThat(payouts.paid()).containsExactly(Msats.of(10_000));
    }

    @Test
    void aRefundAskedForByItsKey_opensItsClaimOnDisk_asOneToALightningAddressDoes() {
        ApiKey key = funded(10_000);
        ApiKey other = funded(4_000);

        service.refund(new RefundBalanceCommand(key.id()));
        service.refund(new RefundBalanceCommand(other.id(), Optional.of("alice@example.com")));

        assertThat(claims.openingFlushes()).containsExactly(Flush.AWAITED, Flush.AWAITED);
    }

    @Test
    void aChildKeyCannotBeRefunded() {
        ApiKey parent = funded(5_000);
        ApiKey child = accounts.createIfAbsent(anApiKey().childOf(parent).build());

        assertThat(service.refund(new RefundBalanceCommand(child.id())))
                .isInstanceOf(RefundOutcome.ChildKeyCannotRefund.class);
    }
}
