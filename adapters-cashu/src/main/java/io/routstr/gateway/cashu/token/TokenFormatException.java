package io.routstr.gateway.cashu.token;

import java.util.Objects;

/**
 * Why a string is not a usable Cashu token. The message is built only from the {@link Reason} and fixed field names,
 * never from the input, so it is safe to return to the client and to log: a token is bearer money.
 */
public final class TokenFormatException extends RuntimeException {

    /** Stable, client-facing cause of a rejected token. */
    public enum Reason {
        TOO_LONG("the token is longer than this gateway accepts"),
        BAD_PREFIX("a token starts with cashuA (V3) or cashuB (V4)"),
        BAD_ENCODING("the token is not valid base64url"),
        MALFORMED("the token's JSON or CBOR payload cannot be parsed"),
        WRONG_TYPE("a token field has the wrong type"),
        MISSING_FIELD("a required token field is missing"),
        ZERO_AMOUNT("proof amounts must be positive"),
        AMOUNT_TOO_LARGE("the token's amount is too large"),
        EMPTY_TOKEN("the token holds no proofs"),
        MULTIPLE_MINTS("the token holds proofs from more than one mint"),
        BAD_MINT_URL("the token's mint URL is not an http(s) URL"),
        BAD_UNIT("the token's unit is not a valid currency unit"),
        BAD_KEYSET_ID("a proof's keyset id is not a V1 or V2 keyset id"),
        BAD_SECRET("a proof's secret is empty"),
        LOCKED_SECRET("a proof is locked by a NUT-10 spending condition, which this gateway does not accept"),
        BAD_HEX("a hex field holds non-hex characters or has the wrong length"),
        BAD_POINT("a proof's signature C is not a compressed secp256k1 point"),
        BAD_DLEQ("a proof's DLEQ proof is malformed");

        private final String description;

        Reason(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    private final Reason reason;

    public TokenFormatException(Reason reason) {
        this(reason, null);
    }

    /** {@code field} must be a name the codec knows (such as {@code "proofs[].amount"}), never input text. */
    public TokenFormatException(Reason reason, String field) {
        super(message(Objects.requireNonNull(reason, "reason"), field));
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    private static String message(Reason reason, String field) {
        return field == null ? reason.description() : reason.description() + " (field '" + field + "')";
    }
}
