package io.routstr.gateway.application.service;

import io.routstr.gateway.application.port.in.key.RefundBalanceCommand;
import io.routstr.gateway.application.port.in.key.RefundBalanceUseCase;
import io.routstr.gateway.application.port.in.key.RefundOutcome;
import io.routstr.gateway.application.port.in.payment.OpenKeyToPayOneRequestUseCase;
import io.routstr.gateway.application.port.in.payment.OpenKeyWithTokenUseCase.TokenKeyOutcome;
import io.routstr.gateway.application.port.in.payment.PayPerRequestWithEcashUseCase;
import io.routstr.gateway.application.port.out.ApiKeyPort;
import io.routstr.gateway.application.port.out.ClockPort;
import io.routstr.gateway.application.port.out.EcashPaymentLogPort;
import io.routstr.gateway.application.port.out.EcashPaymentLogPort.EcashPayment;
import io.routstr.gateway.domain.ecash.TokenFingerprint;
import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.key.ApiKeyId;
import io.routstr.gateway.domain.key.ApiKeySecret;
import io.routstr.gateway.domain.money.Msats;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Per-request ecash payments on the token's own key, with change paid back and recoverable.
 *
 * <p>Change whose payout finds the mint's proofs held for a moment by other payouts in flight (they return their
 * change when they finish) is asked for again after a short pause, a few times: a refused payout reversed its refund
 * claim, so the key holds the balance again and the next attempt pays it once. Only after that is the change deferred
 * to recovery, so that concurrent X-Cashu requests each get their change in the answer.
 */
public record PayPerRequestWithEcashService(
        OpenKeyToPayOneRequestUseCase openWithToken,
        RefundBalanceUseCase refund,
        ApiKeyPort apiKeys,
        EcashPaymentLogPort payments,
        ClockPort clock)
        implements PayPerRequestWithEcashUseCase {

    /** Attempts at change whose proofs other payouts hold; with the pauses, about a second at most. */
    private static final int CHANGE_ATTEMPTS = 120;

    /**
     * 5–10 ms: the proofs a payout in flight holds come back when it commits its token, a few milliseconds after its
     * claim, now that a claim locks only the proofs it picks; a longer pause only delayed the answer.
     */
    private static final long CHANGE_PAUSE_MILLIS = 5;

    @Override
    public Payment begin(String token) {
        return switch (openWithToken.openToPayOneRequest(token)) {
            // Opening the key recorded the payment in the same commit.
            case TokenKeyOutcome.Opened opened -> new Payment.Accepted(opened.key());
            case TokenKeyOutcome.AlreadyOpened opened -> {
                payments.started(hashOf(token), opened.key().id(), clock.now());
                yield new Payment.Accepted(opened.key());
            }
            case TokenKeyOutcome.Rejected rejected -> new Payment.Rejected(rejected.failure(), rejected.message());
            case TokenKeyOutcome.Busy busy -> new Payment.Busy();
        };
    }

    @Override
    public Change finish(String token) {
        Optional<ApiKey> key =
                apiKeys.findByHash(ApiKeySecret.derivedFromToken(token).hash());
        if (key.isEmpty()) {
            return new Change.Deferred("unknown payment");
        }
        return finish(token, key.get().id());
    }

    @Override
    public Change finish(String token, ApiKeyId keyId) {
        TokenFingerprint tokenHash = hashOf(token);
        RefundBalanceCommand change = RefundBalanceCommand.changeOf(keyId, tokenHash);
        RefundOutcome outcome = refund.refund(change);
        for (int attempt = 1;
                attempt < CHANGE_ATTEMPTS && outcome instanceof RefundOutcome.PayoutTemporarilyUnavailable && pause();
                attempt++) {
            outcome = refund.refund(change);
        }
        return switch (outcome) {
            case RefundOutcome.Refunded refunded
            when refunded.token().isPresent() -> {
                if (!refunded.changeRecorded()) {
                    // An earlier refund's token answered again, or a claim the reconciler completed: not recorded.
                    payments.changeIssued(tokenHash, refunded.token(), refunded.amount(), clock.now());
                }
                yield new Change.Returned(refunded.token().get(), refunded.amount());
            }
            case RefundOutcome.NothingToRefund nothing -> {
                payments.changeIssued(tokenHash, Optional.empty(), Msats.ZERO, clock.now());
                yield new Change.Nothing();
            }
            case RefundOutcome.BalanceTooSmall small -> {
                payments.changeIssued(tokenHash, Optional.empty(), Msats.ZERO, clock.now());
                yield new Change.Nothing();
            }
            case RefundOutcome.PayoutFailed failed -> new Change.Deferred(failed.reason());
            case RefundOutcome.PayoutTemporarilyUnavailable busy -> new Change.Deferred(busy.reason());
            case RefundOutcome.PayoutOutcomeUnknown unknown -> new Change.Deferred(unknown.reason());
            case RefundOutcome.RequestsInFlight inFlight -> new Change.Deferred("another request is in flight");
            default -> new Change.Deferred("change is not available now");
        };
    }

    @Override
    public Recovery recoverChange(String token) {
        Optional<EcashPayment> payment = payments.find(hashOf(token));
        if (payment.isEmpty()) {
            return new Recovery.NotFound();
        }
        ApiKey key = apiKeys.findById(payment.get().keyId()).orElse(null);
        if (key == null) {
            return new Recovery.NotFound();
        }
        if (payment.get().finished()) {
            return payment.get()
                    .changeToken()
                    .<Recovery>map(change -> new Recovery.Found(
                            change,
                            payment.get().changeAmount(),
                            key.refundTarget().unit()))
                    .orElseGet(Recovery.NoChange::new);
        }
        if (key.reserved().isPositive()) {
            return new Recovery.Pending();
        }
        return switch (finish(token)) {
            case Change.Returned returned ->
                new Recovery.Found(
                        returned.token(), returned.amount(), key.refundTarget().unit());
            case Change.Nothing nothing -> new Recovery.NoChange();
            case Change.Deferred deferred -> new Recovery.Pending();
        };
    }

    /**
     * A short pause, jittered so that payouts waiting for the same proofs do not retry in step; false when the thread
     * was interrupted, and the change is then deferred to recovery as after the last attempt (the refused payout put
     * the balance back on the token's key), rather than failing a request that was served and billed.
     */
    private static boolean pause() {
        try {
            Thread.sleep(CHANGE_PAUSE_MILLIS + ThreadLocalRandom.current().nextLong(CHANGE_PAUSE_MILLIS));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static TokenFingerprint hashOf(String token) {
        return TokenFingerprint.of(token.strip());
    }
}
