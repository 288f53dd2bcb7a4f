package io.routstr.gateway.application.fake;

import io.routstr.gateway.application.port.out.NostrKeyCodecPort;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@link NostrKeyCodecPort} that reads 64 hex characters, and {@code nsec1…} keys only from a table the test gives
 * (the bech32 codec is the Cashu adapter's).
 */
public final class FakeNostrKeyCodec implements NostrKeyCodecPort {

    private final Map<String, String> known;

    /** {@code known}: {@code nsec1…} keys and the hex each stands for. */
    public FakeNostrKeyCodec(Map<String, String> known) {
        this.known = Map.copyOf(known);
    }

    @Override
    public Optional<String> secretKeyHex(String nsec) {
        if (nsec.matches("[0-9a-fA-F]{64}")) {
            return Optional.of(nsec.toLowerCase(Locale.ROOT));
        }
        return Optional.ofNullable(known.get(nsec));
    }
}
