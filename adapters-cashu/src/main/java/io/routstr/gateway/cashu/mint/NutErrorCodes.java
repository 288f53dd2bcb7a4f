package io.routstr.gateway.cashu.mint;

import io.routstr.gateway.application.port.out.MintPort.Refusal;
import io.routstr.gateway.application.port.out.MintPort.RefusalKind;

/**
 * The port's {@link RefusalKind} of a mint's refusal, from its NUT error code ({@code error_codes.md}); match on codes, never on the
 * {@code detail} text. Older Nutshell codes are folded in where they mean the same thing.
 */
final class NutErrorCodes {

    private NutErrorCodes() {}

    /** A mint's HTTP 400 {@code {"detail", "code"}} (NUT-00) as the port's refusal; {@code detail} is the mint's text. */
    static Refusal refusal(int code, String detail) {
        return new Refusal(kindOf(code), code, detail);
    }

    /** The kind of a NUT error code; codes this wallet does not know are {@link RefusalKind#OTHER}. */
    static RefusalKind kindOf(int code) {
        return switch (code) {
            case 10001 -> RefusalKind.VERIFICATION_FAILED;
            case 11001 -> RefusalKind.ALREADY_SPENT;
            case 11002 -> RefusalKind.PROOFS_PENDING;
            // 10002 is Nutshell's code for "outputs have already been signed before" until late 2025.
            case 11003, 10002 -> RefusalKind.OUTPUTS_ALREADY_SIGNED;
            case 11004 -> RefusalKind.OUTPUTS_PENDING;
            case 11005 -> RefusalKind.UNBALANCED;
            case 11006 -> RefusalKind.AMOUNT_OUT_OF_RANGE;
            case 11007 -> RefusalKind.DUPLICATE_INPUTS;
            case 11008 -> RefusalKind.DUPLICATE_OUTPUTS;
            case 11009, 11010, 11013 -> RefusalKind.UNIT_MISMATCH;
            case 12001 -> RefusalKind.UNKNOWN_KEYSET;
            case 12002, 12003 -> RefusalKind.INACTIVE_KEYSET;
            case 20001 -> RefusalKind.QUOTE_NOT_PAID;
            case 20002 -> RefusalKind.QUOTE_ALREADY_ISSUED;
            case 20003 -> RefusalKind.MINTING_DISABLED;
            case 20004 -> RefusalKind.LIGHTNING_PAYMENT_FAILED;
            case 20005 -> RefusalKind.QUOTE_PENDING;
            case 20006 -> RefusalKind.INVOICE_ALREADY_PAID;
            case 20007 -> RefusalKind.QUOTE_EXPIRED;
            case 20008 -> RefusalKind.QUOTE_SIGNATURE_INVALID;
            default -> RefusalKind.OTHER;
        };
    }
}
