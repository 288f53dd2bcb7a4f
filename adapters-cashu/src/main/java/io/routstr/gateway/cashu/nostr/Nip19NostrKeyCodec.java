package io.routstr.gateway.cashu.nostr;

import io.routstr.gateway.application.port.out.NostrKeyCodecPort;
import java.util.HexFormat;
import java.util.Optional;

/** Reads an {@code nsec1…} (NIP-19) or hex Nostr secret key as {@link NostrKeySigner} does for {@code NSEC}. */
public final class Nip19NostrKeyCodec implements NostrKeyCodecPort {

    @Override
    public Optional<String> secretKeyHex(String nsec) {
        try {
            return Optional.of(
                    HexFormat.of().formatHex(NostrKeySigner.parse(nsec.strip()).toBytes()));
        } catch (RuntimeException invalid) { // not a key, or a scalar out of range: the message may quote it
            return Optional.empty();
        }
    }
}
