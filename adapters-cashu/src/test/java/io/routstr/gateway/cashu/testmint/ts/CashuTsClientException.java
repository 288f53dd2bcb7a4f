package io.routstr.gateway.cashu.testmint.ts;

import java.util.OptionalInt;

/** A {@code client.mjs} command failed; {@link #mintErrorCode()} holds the mint's NUT error code, if any. */
public final class CashuTsClientException extends RuntimeException {

    private final Integer code;

    CashuTsClientException(String message, Integer code) {
        super(message);
        this.code = code;
    }

    /** The mint's error code (e.g. 11001 proofs already spent), empty for local or network failures. */
    public OptionalInt mintErrorCode() {
        return code == null ? OptionalInt.empty() : OptionalInt.of(code);
    }
}
