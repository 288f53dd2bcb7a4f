package io.routstr.gateway.rest.error;

import io.routstr.gateway.domain.money.Msats;
import jakarta.servlet.http.HttpServletRequest;
import java.math.BigDecimal;
import java.math.RoundingMode;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * Routstr's payment errors, with the exact types, codes and messages its clients branch on (reference §3.1, §3.6,
 * §11).
 */
public final class BillingErrors {

    /** The text of {@code invalid_api_key}, the same on the proxy and the balance routes. */
    public static final String INVALID_API_KEY_FORMAT =
            "Invalid API key format. Expected an 'sk-...' API key or a 'cashu...' token.";

    private BillingErrors() {}

    public static ResponseEntity<ApiError> invalidApiKey(HttpServletRequest request) {
        return ErrorResponses.of(
                HttpStatus.UNAUTHORIZED, INVALID_API_KEY_FORMAT, "invalid_request_error", "invalid_api_key", request);
    }

    public static ResponseEntity<ApiError> missingApiKey(HttpServletRequest request) {
        return ErrorResponses.of(
                HttpStatus.UNAUTHORIZED,
                "Missing API key. Send 'Authorization: Bearer <sk-... key or cashu token>'.",
                "invalid_request_error",
                "missing_api_key",
                request);
    }

    /** {@code 622.888 sats (622888 msats)}: sats without trailing zeros, as Routstr prints them. */
    public static String describe(Msats amount) {
        BigDecimal sats = BigDecimal.valueOf(amount.value())
                .divide(BigDecimal.valueOf(Msats.PER_SAT), 3, RoundingMode.UNNECESSARY)
                .stripTrailingZeros();
        return sats.toPlainString() + " sats (" + amount.value() + " msats)";
    }
}
