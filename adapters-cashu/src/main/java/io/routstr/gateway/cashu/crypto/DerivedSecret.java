package io.routstr.gateway.cashu.crypto;

import java.util.Objects;

/**
 * A NUT-13 output recipe: the proof secret (64 lowercase hex characters, used as a string) and its blinding factor.
 * Re-deriving it from the seed is what makes NUT-09 restore possible.
 */
public record DerivedSecret(String secret, Scalar r) {

    public DerivedSecret {
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(r, "r");
    }

    /** {@code B_} for this secret, ready to send to the mint as a blinded message. */
    public CurvePoint blindedMessage() {
        return Bdhke.blindSecret(secret, r);
    }

    @Override
    public String toString() {
        return "DerivedSecret[<redacted>]";
    }
}
