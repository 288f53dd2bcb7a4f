package io.routstr.gateway.domain.ecash;

import io.routstr.gateway.domain.LowercaseHex;
import java.util.Locale;
import java.util.Objects;

/**
 * The NUT-12 DLEQ proof carried by a {@link Proof}: the mint's challenge {@code e} and response {@code s}, plus the
 * sender's blinding factor {@code r} that lets a receiver check the mint's signature offline. All three are 32-byte
 * big-endian scalars in lowercase hex.
 */
public record ProofDleq(String e, String s, String r) {

    public ProofDleq {
        e = scalar(e, "e");
        s = scalar(s, "s");
        r = scalar(r, "r");
    }

    private static String scalar(String hex, String name) {
        Objects.requireNonNull(hex, name);
        String lower = hex.toLowerCase(Locale.ROOT);
        if (!LowercaseHex.is(lower, 64)) {
            throw new IllegalArgumentException("DLEQ " + name + " is a 32-byte scalar in hex");
        }
        return lower;
    }

    @Override
    public String toString() {
        // r links the proof to the mint's blind signature (NUT-12 privacy note); keep it out of logs.
        return "ProofDleq[e=" + e + ", s=" + s + ", r=<redacted>]";
    }
}
