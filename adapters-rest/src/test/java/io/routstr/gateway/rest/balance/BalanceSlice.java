package io.routstr.gateway.rest.balance;

import static io.routstr.gateway.domain.key.ApiKeyBuilder.anApiKey;

import io.routstr.gateway.application.port.in.payment.OpenKeyWithTokenUseCase;
import io.routstr.gateway.application.port.in.payment.OpenKeyWithTokenUseCase.TokenKeyOutcome;
import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.key.ApiKeyBuilder;
import io.routstr.gateway.rest.auth.BearerKeyResolver;
import java.util.Optional;

/**
 * What the balance controllers' slice tests share: one known {@code sk-} key, and a Cashu token presented as bearer
 * that is redeemed with the outcome a test scripts.
 */
final class BalanceSlice {

    static final String TOKEN = "cashuBpresentedAsTheBearerToken";

    private final ApiKeyBuilder keyBuilder;
    final ApiKey key;
    final String bearer;
    TokenKeyOutcome tokenOutcome = new TokenKeyOutcome.Busy();

    BalanceSlice() {
        this(anApiKey());
    }

    BalanceSlice(ApiKeyBuilder keyBuilder) {
        this.keyBuilder = keyBuilder;
        this.key = keyBuilder.build();
        this.bearer = "Bearer " + keyBuilder.secret().reveal();
    }

    /** A key the node does not know, well formed. */
    static String unknownKeyBearer() {
        return "Bearer " + anApiKey().secret().reveal();
    }

    OpenKeyWithTokenUseCase openWithToken() {
        return (token, limit, validUntil) -> tokenOutcome;
    }

    BearerKeyResolver resolver() {
        return new BearerKeyResolver(
                secret -> secret.equals(keyBuilder.secret()) ? Optional.of(key) : Optional.empty(), openWithToken());
    }

    BalanceKeys keys() {
        return new BalanceKeys(resolver());
    }
}
