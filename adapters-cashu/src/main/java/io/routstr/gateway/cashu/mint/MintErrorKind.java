package io.routstr.gateway.cashu.mint;

/**
 * Stable meaning of a mint's refusal, from its NUT error code ({@code error_codes.md}); match on codes, never on the
 * {@code detail} text. Older Nutshell codes are folded in where they mean the same thing.
 */
public enum MintErrorKind {
    VERIFICATION_FAILED,
    ALREADY_SPENT,
    PROOFS_PENDING,
    OUTPUTS_ALREADY_SIGNED,
    OUTPUTS_PENDING,
    UNBALANCED,
    AMOUNT_OUT_OF_RANGE,
    DUPLICATE_INPUTS,
    DUPLICATE_OUTPUTS,
    UNIT_MISMATCH,
    UNKNOWN_KEYSET,
    INACTIVE_KEYSET,
    QUOTE_NOT_PAID,
    QUOTE_ALREADY_ISSUED,
    QUOTE_PENDING,
    QUOTE_EXPIRED,
    QUOTE_NOT_FOUND,
    LIGHTNING_PAYMENT_FAILED,
    INVOICE_ALREADY_PAID,
    MINTING_DISABLED,
    RATE_LIMITED,
    /** NUT-20: the quote is locked and the request's signature is missing or not valid. */
    QUOTE_SIGNATURE_INVALID,
    /** The mint answered 200 with a body the wallet cannot use. */
    MALFORMED_RESPONSE,
    OTHER;

    /** The kind of a NUT error code; codes this wallet does not know are {@link #OTHER}. */
    public static MintErrorKind ofCode(int code) {
        return switch (code) {
            case 10001 -> VERIFICATION_FAILED;
            case 11001 -> ALREADY_SPENT;
            case 11002 -> PROOFS_PENDING;
            // 10002 is Nutshell's code for "outputs have already been signed before" until late 2025.
            case 11003, 10002 -> OUTPUTS_ALREADY_SIGNED;
            case 11004 -> OUTPUTS_PENDING;
            case 11005 -> UNBALANCED;
            case 11006 -> AMOUNT_OUT_OF_RANGE;
            case 11007 -> DUPLICATE_INPUTS;
            case 11008 -> DUPLICATE_OUTPUTS;
            case 11009, 11010, 11013 -> UNIT_MISMATCH;
            case 12001 -> UNKNOWN_KEYSET;
            case 12002, 12003 -> INACTIVE_KEYSET;
            case 20001 -> QUOTE_NOT_PAID;
            case 20002 -> QUOTE_ALREADY_ISSUED;
            case 20003 -> MINTING_DISABLED;
            case 20004 -> LIGHTNING_PAYMENT_FAILED;
            case 20005 -> QUOTE_PENDING;
            case 20006 -> INVOICE_ALREADY_PAID;
            case 20007 -> QUOTE_EXPIRED;
            case 20008 -> QUOTE_SIGNATURE_INVALID;
            default -> OTHER;
        };
    }
}
