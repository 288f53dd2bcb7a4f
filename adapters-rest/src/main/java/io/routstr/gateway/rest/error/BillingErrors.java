package io.routstr.gateway.rest.error;

import io.routstr.gateway.application.port.in.billing.ReserveOutcome;
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

    private BillingErrors() {}

    public static ResponseEntity<ApiError> invalidApiKey(HttpServletRequest request) {
        return ErrorResponses.of(
                HttpStatus.UNAUTHORIZED,
                "Invalid API key format. Expected an 'sk-...' API key or a 'cashu...' token.",
                "invalid_request_error",
                "invalid_api_key",
                request);
    }

    public static ResponseEntity<ApiError> missingApiKey(HttpServletRequest request) {
        return ErrorResponses.of(
                HttpStatus.UNAUTHORIZED,
                "Missing API key. Send 'Authorization: Bearer <sk-... key or cashu token>'.",
                "invalid_request_error",
                "missing_api_key",
                request);
    }

    /** Maps every reservation failure; {@link ReserveOutcome.Reserved} is not an error. */
    public static ResponseEntity<ApiError> reservationFailed(ReserveOutcome outcome, HttpServletRequest request) {
        return switch (outcome) {
            case ReserveOutcome.InsufficientBalance insufficient ->
                insufficientBalance(insufficient.required(), insufficient.available(), request);
            case ReserveOutcome.BalanceLimitExceeded exceeded ->
                ErrorResponses.of(
                        HttpStatus.PAYMENT_REQUIRED,
                        "Balance limit exceeded: " + describe(exceeded.required())
                                + " required for this request would exceed the key's balance limit.",
                        "insufficient_quota",
                        "balance_limit_exceeded",
                        request);
            case ReserveOutcome.KeyExpired ignored ->
                ErrorResponses.of(
                        HttpStatus.FORBIDDEN,
                        "API key has expired (validity date reached).",
                        "invalid_request_error",
                        "key_expired",
                        request);
            case ReserveOutcome.UnknownKey ignored -> invalidApiKey(request);
            case ReserveOutcome.Reserved ignored ->
                throw new IllegalArgumentException("a successful reservation is not an error");
        };
    }

    /**
     * 402 with Routstr's message: {@code Insufficient balance: 622.888 sats (622888 msats) required for this model;
     * 20.32 sats (20320 msats) available.}
     */
    public static ResponseEntity<ApiError> insufficientBalance(
            Msats required, Msats available, HttpServletRequest request) {
        return ErrorResponses.of(
                HttpStatus.PAYMENT_REQUIRED,
                "Insufficient balance: " + describe(required) + " required for this model; " + describe(available)
                        + " available.",
                "insufficient_quota",
                "insufficient_balance",
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
