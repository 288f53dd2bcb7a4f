package io.routstr.gateway.application.fake;

import io.routstr.gateway.application.port.out.NostrKeyCodecPort;
import java.math.BigInteger;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@link NostrKeyCodecPort} that reads 64 hex characters naming a secp256k1 secret key, and {@code nsec1…} keys only
 * from a table the test gives (the bech32 codec is the Cashu adapter's).
 */
public final class FakeNostrKeyCodec implements NostrKeyCodecPort {

    private static final BigInteger CURVE_ORDER =
            new BigInteger("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141", 16);

    private final Map<String, String> known;

    /** {@code known}: {@code nsec1…} keys and the hex each stands for. */
    public FakeNostrKeyCodec(Map<String, String> known) {
        this.known = Map.copyOf(known);
    }

    @Override
    public Optional<String> secretKeyHex(String nsec) {
        String key = nsec.strip();
        if (key.matches("[0-9a-fA-F]{64}")) {
            // As the adapter: a secret key is a scalar from 1 to one less than the curve order.
            BigInteger scalar = new BigInteger(key, 16);
            boolean onTheCurve = scalar.signum() > 0 && scalar.compareTo(CURVE_ORDER) < 0;
            return onTheCurve ? Optional.of(key.toLowerCase(Locale.ROOT)) : Optional.empty();
        }
        return Optional.ofNullable(known.get(key));
    }
}
