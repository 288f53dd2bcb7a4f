package io.routstr.gateway.application.service;

import io.routstr.gateway.application.port.in.billing.MakeHoldDurableUseCase;
import io.routstr.gateway.application.port.in.billing.ReleaseReservationUseCase;
import io.routstr.gateway.application.port.in.billing.ReleaseSupersededHoldUseCase;
import io.routstr.gateway.application.port.in.billing.ReserveForRequestCommand;
import io.routstr.gateway.application.port.in.billing.ReserveForRequestUseCase;
import io.routstr.gateway.application.port.in.billing.ReserveOutcome;
import io.routstr.gateway.application.port.in.billing.SettleOutcome;
import io.routstr.gateway.application.port.in.billing.SettleRequestCommand;
import io.routstr.gateway.application.port.in.billing.SettleRequestUseCase;
import io.routstr.gateway.application.port.in.proxy.PayWithApiKeyUseCase;
import io.routstr.gateway.application.port.in.proxy.RequestPayer;
import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.key.ApiKeyId;
import io.routstr.gateway.domain.ledger.ChargeDetails;
import io.routstr.gateway.domain.money.Msats;
import java.util.Objects;
import java.util.Optional;

/**
 * Pays for proxied requests from a key's balance: a hold is a reservation, a charge its settlement. A key known by its
 * id alone (a client's usual request) may take over the hold its previous request left standing, and its settlement
 * leaves one for the next ({@link StandingHoldsService}); a key just read (its first request here, an {@code X-Cashu}
 * token's own key, whose change must be the whole balance) neither takes nor leaves one.
 */
public record PayWithApiKeyService(
        ReserveForRequestUseCase reserve,
        SettleRequestUseCase settle,
        ReleaseReservationUseCase release,
        ReleaseSupersededHoldUseCase supersede,
        MakeHoldDurableUseCase durable,
        StandingHoldsService standing)
        implements PayWithApiKeyUseCase {

    @Override
    public RequestPayer payerFor(ApiKeyId keyId) {
        return new ApiKeyPayer(Objects.requireNonNull(keyId, "key id"), Optional.empty());
    }

    @Override
    public RequestPayer payerFor(ApiKey key) {
        return new ApiKeyPayer(key.id(), Optional.of(key));
    }

    /** The payer of one key. */
    private final class ApiKeyPayer implements RequestPayer {

        private final ApiKeyId keyId;
        private final Optional<ApiKey> snapshot;

        ApiKeyPayer(ApiKeyId keyId, Optional<ApiKey> snapshot) {
            this.keyId = keyId;
            this.snapshot = snapshot;
        }

        @Override
        public HoldOutcome hold(Msats maxCost) {
            if (leavesStandingHolds()) {
                Optional<PaymentHold> takenOver = standing.takeOver(keyId, maxCost);
                if (takenOver.isPresent()) {
                    return new HoldOutcome.Held(takenOver.get());
                }
            }
            ReserveOutcome outcome = reserve.reserve(new ReserveForRequestCommand(keyId, maxCost, snapshot));
            if (outcome instanceof ReserveOutcome.InsufficientBalance && standing.releaseFor(keyId)) {
                // This instance's standing hold stood in the way (a request larger than it, or one beside it).
                outcome = reserve.reserve(new ReserveForRequestCommand(keyId, maxCost, snapshot));
            }
            if (outcome instanceof ReserveOutcome.Reserved reserved) {
                return new HoldOutcome.Held(new PaymentHold(
                        reserved.reservation().id(), reserved.reservation().amount()));
            }
            return new HoldOutcome.Refused(outcome);
        }

        @Override
        public PaymentReceipt charge(PaymentHold hold, Msats cost, ChargeDetails details) {
            SettleOutcome outcome = leavesStandingHolds()
                    ? standing.settle(keyId, hold, cost, details)
                    : settle.settle(new SettleRequestCommand(hold.reservation(), cost, details));
            return switch (outcome) {
                case SettleOutcome.Charged charged ->
                    new PaymentReceipt(charged.charged(), Optional.of(charged.remainingSpendable()));
                case SettleOutcome.AlreadySettled already -> new PaymentReceipt(already.charged(), Optional.empty());
                case SettleOutcome.UnknownReservation ignored ->
                    throw new IllegalStateException(
                            "reservation " + hold.reservation().value() + " is unknown");
            };
        }

        /** A key known by its id alone: a client's usual request, not a key just read or an {@code X-Cashu} token's. */
        private boolean leavesStandingHolds() {
            return snapshot.isEmpty();
        }

        @Override
        public void release(PaymentHold hold) {
            release.release(hold.reservation());
        }

        @Override
        public void supersede(PaymentHold hold) {
            supersede.releaseSuperseded(hold.reservation());
        }

        @Override
        public boolean makeDurable(PaymentHold hold) {
            return durable.makeDurable(hold.reservation());
        }
    }
}
