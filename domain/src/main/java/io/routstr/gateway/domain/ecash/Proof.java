package io.routstr.gateway.domain.ecash;

import io.routstr.gateway.domain.Components;
import io.routstr.gateway.domain.LowercaseHex;
import java.util.Locale;
import java.util.Optional;

/**
 * One Cashu ecash note (NUT-00 {@code Proof}): an amount in the keyset's unit, the keyset it was signed with, the
 * wallet's secret and the mint's unblinded signature {@code C}.
 *
 * <p>The secret is kept byte-exact as a string, because the mint hashes its UTF-8 form to the curve. Whoever holds a
 * proof can spend it, so {@link #toString()} never shows the secret.
 */
public record Proof(
        long amount, KeysetId keysetId, String secret, String c, Optional<String> witness, Optional<ProofDleq> dleq) {

    public Proof {
        if (amount <= 0) {
            throw new IllegalArgumentException("a proof's amount is positive");
        }
        Components.requireNonNull(Proof.class, keysetId, secret, c, witness, dleq);
        if (secret.isEmpty()) {
            throw new IllegalArgumentException("a proof's secret is not empty");
        }
        c = c.toLowerCase(Locale.ROOT);
        if (!(LowercaseHex.isPrefixed(c, "02", 64) || LowercaseHex.isPrefixed(c, "03", 64))) {
            throw new IllegalArgumentException("C is a compressed curve point: 66 hex characters starting 02 or 03");
        }
    }

    public static Proof of(long amount, KeysetId keysetId, String secret, String c) {
        return new Proof(amount, keysetId, secret, c, Optional.empty(), Optional.empty());
    }

    public Proof withDleq(ProofDleq proofDleq) {
        return new Proof(amount, keysetId, secret, c, witness, Optional.of(proofDleq));
    }

    /** The same proof without its DLEQ: what is sent to the mint, which must not learn {@code r} (NUT-12). */
    public Proof withoutDleq() {
        return new Proof(amount, keysetId, secret, c, witness, Optional.empty());
    }

    public Proof withKeysetId(KeysetId resolved) {
        return new Proof(amount, resolved, secret, c, witness, dleq);
    }

    @Override
    public String toString() {
        return "Proof[amount=" + amount + ", keysetId=" + keysetId + ", C=" + c + "]";
    }
}
