package io.routstr.gateway.rest.auth;

import io.routstr.gateway.application.port.in.key.AuthenticateApiKeyUseCase;
import io.routstr.gateway.application.port.in.payment.OpenKeyWithTokenUseCase;
import io.routstr.gateway.application.port.in.payment.OpenKeyWithTokenUseCase.TokenKeyOutcome;
import io.routstr.gateway.domain.ecash.RedemptionFailure;
import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.key.ApiKeySecret;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Turns an {@code Authorization} header into the key it stands for: an {@code sk-} key is looked up by its hash; a
 * Cashu token is redeemed once and becomes its key (Routstr §3.2).
 */
@Component
public class BearerKeyResolver {

    private final AuthenticateApiKeyUseCase authenticate;
    private final OpenKeyWithTokenUseCase openWithToken;

    public BearerKeyResolver(AuthenticateApiKeyUseCase authenticate, OpenKeyWithTokenUseCase openWithToken) {
        this.authenticate = authenticate;
        this.openWithToken = openWithToken;
    }

    /** Resolves the header; {@code createFromToken} false only looks a token's key up (refunds never redeem). */
    public Resolution resolve(Optional<String> authorization, boolean createFromToken) {
        return switch (BearerCredential.parse(authorization)) {
            case BearerCredential.Missing missing -> new Resolution.Missing();
            case BearerCredential.Unrecognised unrecognised -> new Resolution.InvalidKey();
            case BearerCredential.Key key ->
                authenticate
                        .authenticate(key.secret())
                        .<Resolution>map(found -> new Resolution.Resolved(found, key.secret()))
                        .orElseGet(Resolution.InvalidKey::new);
            case BearerCredential.CashuToken token -> createFromToken ? open(token.token()) : lookUp(token.token());
        };
    }

    private Resolution lookUp(String token) {
        ApiKeySecret secret = ApiKeySecret.derivedFromToken(token);
        return authenticate
                .authenticate(secret)
                .<Resolution>map(found -> new Resolution.Resolved(found, secret))
                .orElseGet(Resolution.InvalidKey::new);
    }

    private Resolution open(String token) {
        return switch (openWithToken.open(token)) {
            case TokenKeyOutcome.Opened opened -> new Resolution.Resolved(opened.key(), opened.secret());
            case TokenKeyOutcome.AlreadyOpened opened -> new Resolution.Resolved(opened.key(), opened.secret());
            case TokenKeyOutcome.Rejected rejected ->
                new Resolution.TokenRejected(rejected.failure(), rejected.message());
            case TokenKeyOutcome.Busy busy -> new Resolution.TokenBusy();
        };
    }

    /** The key behind a header, or why there is none. */
    public sealed interface Resolution {
        record Resolved(ApiKey key, ApiKeySecret secret) implements Resolution {}

        record Missing() implements Resolution {}

        record InvalidKey() implements Resolution {}

        record TokenRejected(RedemptionFailure failure, String message) implements Resolution {}

        record TokenBusy() implements Resolution {}
    }
}
