package io.routstr.gateway.application.service;

import io.routstr.gateway.application.port.in.billing.ReleaseReservationUseCase;
import io.routstr.gateway.application.port.in.billing.ReserveForRequestCommand;
import io.routstr.gateway.application.port.in.billing.ReserveForRequestUseCase;
import io.routstr.gateway.application.port.in.billing.ReserveOutcome;
import io.routstr.gateway.application.port.in.billing.SettleOutcome;
import io.routstr.gateway.application.port.in.billing.SettleRequestCommand;
import io.routstr.gateway.application.port.in.billing.SettleRequestUseCase;
import io.routstr.gateway.application.port.in.proxy.PayWithApiKeyUseCase;
import io.routstr.gateway.application.port.in.proxy.RequestPayer;
import io.routstr.gateway.domain.key.ApiKeyId;
import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.domain.reservation.ReservationId;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** Pays for proxied requests from a key's balance: a hold is a reservation, a charge its settlement. */
public final class PayWithApiKeyService implements PayWithApiKeyUseCase {

    private final ReserveForRequestUseCase reserve;
    private final SettleRequestUseCase settle;
    private final ReleaseReservationUseCase release;

    public PayWithApiKeyService(
            ReserveForRequestUseCase reserve, SettleRequestUseCase settle, ReleaseReservationUseCase release) {
        this.reserve = reserve;
        this.settle = settle;
        this.release = release;
    }

    @Override
    public RequestPayer payerFor(ApiKeyId keyId) {
        return new ApiKeyPayer(Objects.requireNonNull(keyId, "key id"));
    }

    /** The payer of one key. */
    private final class ApiKeyPayer implements RequestPayer {

        private final ApiKeyId keyId;

        ApiKeyPayer(ApiKeyId keyId) {
            this.keyId = keyId;
        }

        @Override
        public HoldOutcome hold(Msats maxCost) {
            ReserveOutcome outcome = reserve.reserve(new ReserveForRequestCommand(keyId, maxCost));
            if (outcome instanceof ReserveOutcome.Reserved reserved) {
                return new HoldOutcome.Held(new PaymentHold(
                        reserved.reservation().id().value().toString(),
                        reserved.reservation().amount()));
            }
            return new HoldOutcome.Refused(outcome);
        }

        @Override
        public PaymentReceipt charge(PaymentHold hold, Msats cost) {
            return switch (settle.settle(new SettleRequestCommand(idOf(hold), cost))) {
                case SettleOutcome.Charged charged ->
                    new PaymentReceipt(charged.charged(), Optional.of(charged.remainingSpendable()));
                case SettleOutcome.AlreadySettled already -> new PaymentReceipt(already.charged(), Optional.empty());
                case SettleOutcome.UnknownReservation ignored ->
                    throw new IllegalStateException("reservation " + hold.reference() + " is unknown");
            };
        }

        @Override
        public void release(PaymentHold hold) {
            release.release(idOf(hold));
        }

        private static ReservationId idOf(PaymentHold hold) {
            return new ReservationId(UUID.fromString(hold.reference()));
        }
    }
}
