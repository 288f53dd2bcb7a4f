package io.routstr.gateway.cashu.mint;

import java.util.Objects;

/** A mint's refusal: HTTP 400 {@code {"detail", "code"}} (NUT-00), or a 429. {@code detail} is the mint's text. */
public record MintError(MintErrorKind kind, int code, String detail) {

    public MintError {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(detail, "detail");
    }

    public static MintError of(int code, String detail) {
        return new MintError(MintErrorKind.ofCode(code), code, detail);
    }
}
