package io.routstr.gateway.rest.error;

import io.routstr.gateway.domain.ecash.RedemptionFailure;
import org.springframework.http.HttpStatus;

/** HTTP statuses of Routstr's redemption taxonomy (reference §11). */
public final class RedemptionErrors {

    private RedemptionErrors() {}

    public static HttpStatus statusOf(RedemptionFailure failure) {
        return switch (failure) {
            case ALREADY_SPENT, INVALID_TOKEN, ZERO_VALUE, WRONG_UNIT, UNTRUSTED_MINT, MINT_MISMATCH, FAILED ->
                HttpStatus.BAD_REQUEST;
            case FEES_EXCEED_AMOUNT -> HttpStatus.UNPROCESSABLE_ENTITY;
            case TOO_MANY_PROOFS -> HttpStatus.PAYLOAD_TOO_LARGE;
            // The outcome is settled by recovery and the ledger credits a token once: a retry helps, so say so.
            case MINT_UNREACHABLE, MINT_RATE_LIMITED, OUTCOME_UNKNOWN -> HttpStatus.SERVICE_UNAVAILABLE;
        };
    }
}
