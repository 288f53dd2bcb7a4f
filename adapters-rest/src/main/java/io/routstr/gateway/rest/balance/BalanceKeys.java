package io.routstr.gateway.rest.balance;

import io.routstr.gateway.domain.ecash.RedemptionFailure;
import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.key.ApiKeySecret;
import io.routstr.gateway.rest.auth.BearerKeyResolver;
import io.routstr.gateway.rest.auth.BearerKeyResolver.Resolution;
import io.routstr.gateway.rest.error.RedemptionErrors;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import java.util.function.BiFunction;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/** What the balance routes share: the key behind a request's {@code Authorization} header, and the token errors. */
@Component
record BalanceKeys(BearerKeyResolver keys) {

    /**
     * Runs {@code action} for the key behind the {@code Authorization} header, or answers why there is none;
     * {@code createFromToken} redeems a Cashu token presented as the key.
     */
    ResponseEntity<?> withKey(
            Optional<String> authorization,
            boolean createFromToken,
            HttpServletRequest request,
            BiFunction<ApiKey, ApiKeySecret, ResponseEntity<?>> action) {
        if (authorization.isEmpty() || authorization.get().isBlank()) {
            return BalanceErrors.missingAuthorization(request);
        }
        return switch (keys.resolve(authorization, createFromToken)) {
            case Resolution.Resolved resolved -> action.apply(resolved.key(), resolved.secret());
            case Resolution.Missing missing -> BalanceErrors.missingAuthorization(request);
            case Resolution.InvalidKey invalid -> BalanceErrors.invalidAuthorization(request);
            case Resolution.TokenRejected rejected -> redemptionError(rejected.failure(), rejected.message(), request);
            case Resolution.TokenBusy busy -> busy(request);
        };
    }

    static ResponseEntity<?> redemptionError(RedemptionFailure failure, String message, HttpServletRequest request) {
        return BalanceErrors.structured(
                RedemptionErrors.statusOf(failure), message, failure.type(), failure.code(), request);
    }

    static ResponseEntity<?> busy(HttpServletRequest request) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header("Retry-After", "1")
                .body(BalanceErrors.structured(
                                HttpStatus.SERVICE_UNAVAILABLE,
                                "This token is being redeemed by another request; retry shortly.",
                                "mint_unreachable",
                                "cashu_token_redemption_in_progress",
                                request)
                        .getBody());
    }

    /** Routstr's top-up token check: control characters stripped, at least 10 characters, and a Cashu prefix. */
    static Optional<String> cleanToken(String presented) {
        if (presented == null) {
            return Optional.empty();
        }
        String token = presented.replaceAll("[\\n\\r\\t]", "").strip();
        if (token.length() < 10 || !token.contains("cashu") || token.indexOf('\0') >= 0) {
            return Optional.empty();
        }
        return Optional.of(token);
    }
}
