package io.routstr.gateway.application.port.in.proxy;

import io.routstr.gateway.domain.ecash.RedemptionFailure;
import java.util.Arrays;
import java.util.Optional;

/**
 * Every reason a paid request is refused before or instead of an upstream's answer: one catalogue, which the REST
 * adapter maps to HTTP (status, OpenAI error type and code, {@code Retry-After}) in one place. The redemption failures
 * of a paying token keep Routstr's own types and codes (reference §11), carried by {@link #redemption()}.
 */
public enum PaidRequestError {
    MISSING_API_KEY,
    INVALID_API_KEY,
    KEY_EXPIRED,
    /** A child key sent {@code Refund-LNURL} or {@code Key-Expiry-Time}: its balance is its parent's. */
    CHILD_KEY_REFUND_FORBIDDEN,
    INSUFFICIENT_BALANCE,
    BALANCE_LIMIT_EXCEEDED,
    /** An {@code X-Cashu} token worth less than the request may cost, refused before it is redeemed. */
    MINIMUM_BALANCE_REQUIRED,
    RATE_LIMITED,
    BODY_TOO_LARGE,
    /** The body did not arrive within the body timeout: refused before anything was redeemed or held. */
    BODY_TIMEOUT,
    BODY_UNREADABLE,
    INVALID_JSON,
    INVALID_REQUEST,
    MODEL_NOT_FOUND,
    INVALID_KEY_EXPIRY_TIME,
    REFUND_LNURL_REQUIRED,
    INVALID_REFUND_LNURL,
    /** No BTC/USD rate was ever obtained, so the request cannot be priced. */
    PRICE_UNAVAILABLE,
    /**
     * The node is doing as much work as it can serve promptly and no turn came free within its short wait: refused
     * before anything was read, redeemed or held, to be retried.
     */
    NODE_OVERLOADED,
    /** Another request is redeeming the same token right now. */
    TOKEN_BUSY,
    /** An {@code X-Cashu} request whose token was redeemed failed unexpectedly; its change comes back. */
    UPSTREAM_REQUEST_FAILED,
    TOKEN_ALREADY_SPENT(RedemptionFailure.ALREADY_SPENT),
    TOKEN_INVALID(RedemptionFailure.INVALID_TOKEN),
    TOKEN_ZERO_VALUE(RedemptionFailure.ZERO_VALUE),
    TOKEN_FEES_EXCEED_AMOUNT(RedemptionFailure.FEES_EXCEED_AMOUNT),
    TOKEN_UNTRUSTED_MINT(RedemptionFailure.UNTRUSTED_MINT),
    TOKEN_WRONG_UNIT(RedemptionFailure.WRONG_UNIT),
    TOKEN_TOO_MANY_PROOFS(RedemptionFailure.TOO_MANY_PROOFS),
    TOKEN_MINT_MISMATCH(RedemptionFailure.MINT_MISMATCH),
    MINT_UNREACHABLE(RedemptionFailure.MINT_UNREACHABLE),
    MINT_RATE_LIMITED(RedemptionFailure.MINT_RATE_LIMITED),
    TOKEN_OUTCOME_UNKNOWN(RedemptionFailure.OUTCOME_UNKNOWN),
    TOKEN_REDEMPTION_FAILED(RedemptionFailure.FAILED);

    private final RedemptionFailure redemption;

    PaidRequestError() {
        this(null);
    }

    PaidRequestError(RedemptionFailure redemption) {
        this.redemption = redemption;
    }

    /** The redemption failure this error stands for, when it is one. */
    public Optional<RedemptionFailure> redemption() {
        return Optional.ofNullable(redemption);
    }

    /** The error of a token the mint or the wallet refused. */
    public static PaidRequestError of(RedemptionFailure failure) {
        return Arrays.stream(values())
                .filter(error -> error.redemption == failure)
                .findFirst()
                .orElseThrow();
    }
}
