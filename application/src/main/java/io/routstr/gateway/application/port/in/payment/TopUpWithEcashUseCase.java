package io.routstr.gateway.application.port.in.payment;

import io.routstr.gateway.domain.ecash.RedemptionFailure;
import io.routstr.gateway.domain.key.ApiKeyId;
import io.routstr.gateway.domain.money.Msats;
import java.util.Objects;

/**
 * Use case: top up a key's balance by redeeming Cashu ecash ({@code /v1/balance/topup}); a child key tops up its
 * parent. A token is credited once, to whichever key first deposited it.
 */
public interface TopUpWithEcashUseCase {

    TopUpOutcome topUp(TopUpCommand command);

    /** Top up key {@code keyId} with {@code token}. */
    record TopUpCommand(ApiKeyId keyId, String token) {

        public TopUpCommand {
            Objects.requireNonNull(keyId, "key id");
            Objects.requireNonNull(token, "token");
        }
    }

    /** What came of a top-up. */
    sealed interface TopUpOutcome {
        record ToppedUp(Msats credited) implements TopUpOutcome {}

        /** This token was deposited before; nothing was credited now. */
        record AlreadyDeposited() implements TopUpOutcome {}

        record Rejected(RedemptionFailure failure, String message) implements TopUpOutcome {}

        record Busy() implements TopUpOutcome {}

        record UnknownKey() implements TopUpOutcome {}
    }
}
