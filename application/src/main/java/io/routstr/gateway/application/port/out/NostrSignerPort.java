package io.routstr.gateway.application.port.out;

import io.routstr.gateway.domain.nostr.NostrEvent;

/**
 * Port: the node's Nostr identity (from {@code NSEC}): its public key, its npub (NIP-19) and BIP-340 signatures of
 * event ids (NIP-01). Implemented next to the wallet's secp256k1 code. The secret key never leaves the adapter.
 */
public interface NostrSignerPort {

    /** Whether the node has a Nostr key; without one nothing is signed or published. */
    boolean configured();

    /** The x-only public key, 32 bytes of lower-case hex. */
    String publicKeyHex();

    /** The public key as NIP-19 {@code npub1…}. */
    String npub();

    /** {@code unsigned} (by this key's pubkey) with its BIP-340 signature of its id. */
    NostrEvent sign(NostrEvent unsigned);
}
