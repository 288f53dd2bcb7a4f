package io.routstr.gateway.application.port.in.payment;

import io.routstr.gateway.domain.ecash.RedemptionFailure;
import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.key.ApiKeySecret;
import io.routstr.gateway.domain.key.BalanceLimit;
import io.routstr.gateway.domain.money.Msats;
import java.time.Instant;
import java.util.Optional;

/**
 * Use case: a Cashu token presented as a bearer credential becomes a key, {@code sk-} + sha256(token), credited once
 * with the token's value (Routstr §3.2). Presenting the same token again returns the same key and never credits it
 * twice; a token the mint rejected for good is refused without asking the mint again.
 */
public interface OpenKeyWithTokenUseCase {

    /** Opens the token's key, created with {@code limit} and {@code validUntil} if it is new. */
    TokenKeyOutcome open(String token, Optional<BalanceLimit> limit, Optional<Instant> validUntil);

    default TokenKeyOutcome open(String token) {
        return open(token, Optional.empty(), Optional.empty());
    }

    /** What came of presenting a token. */
    sealed interface TokenKeyOutcome {

        record Opened(ApiKey key, ApiKeySecret secret, Msats credited) implements TokenKeyOutcome {}

        /** The token was redeemed before (by this call's twin or earlier): its key, unchanged. */
        record AlreadyOpened(ApiKey key, ApiKeySecret secret) implements TokenKeyOutcome {}

        record Rejected(RedemptionFailure failure, String message) implements TokenKeyOutcome {}

        /** Another request is redeeming this very token; the client may retry shortly. */
        record Busy() implements TokenKeyOutcome {}
    }
}
