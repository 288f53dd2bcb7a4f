package io.routstr.gateway.application.service.admin;

import io.routstr.gateway.application.port.in.admin.ChangeNostrKeyUseCase;
import io.routstr.gateway.application.port.out.NostrKeyCodecPort;
import io.routstr.gateway.application.port.out.NostrKeyStorePort;
import io.routstr.gateway.application.port.out.NostrSignerPort;
import java.util.Optional;

/**
 * Stores the operator's Nostr key (or forgets it) and has the node's signer take up the key now in use; other
 * instances take it up at their next key refresh. {@code reloadSigner} makes {@code signer} sign with the key the store
 * now decides.
 */
public record ChangeNostrKeyService(
        NostrKeyStorePort store, NostrKeyCodecPort codec, NostrSignerPort signer, Runnable reloadSigner)
        implements ChangeNostrKeyUseCase {

    @Override
    public NsecOutcome change(String nsec) {
        if (nsec == null || nsec.isBlank()) {
            store.forget();
        } else {
            Optional<String> key = codec.secretKeyHex(nsec.strip());
            if (key.isEmpty()) {
                return new NsecOutcome.Invalid();
            }
            store.replace(key.get());
        }
        reloadSigner.run();
        return new NsecOutcome.Changed(signer.configured() ? signer.npub() : "");
    }

    @Override
    public void takeUpStoredKey() {
        reloadSigner.run();
    }
}
