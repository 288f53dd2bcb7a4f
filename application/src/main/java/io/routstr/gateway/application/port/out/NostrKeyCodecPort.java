package io.routstr.gateway.application.port.out;

import java.util.Optional;

/** Port: reads a Nostr secret key written as NIP-19 {@code nsec1…} or 64 hex characters. Never log its input. */
public interface NostrKeyCodecPort {

    /** The key as 64 lower-case hex characters, or empty when {@code nsec} is not a valid secret key. */
    Optional<String> secretKeyHex(String nsec);
}
