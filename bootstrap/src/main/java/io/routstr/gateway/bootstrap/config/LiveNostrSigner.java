package io.routstr.gateway.bootstrap.config;

import io.routstr.gateway.application.port.out.NostrSignerPort;
import io.routstr.gateway.application.service.NostrKeyVault;
import io.routstr.gateway.cashu.nostr.NostrKeySigner;
import io.routstr.gateway.domain.nostr.NostrEvent;

/**
 * The node's signer, following the key its vault decides: the operator's (set at run time), else {@code NSEC}, else
 * the generated one. {@link #reload()} takes up a change; each call signs with one key, whole.
 */
final class LiveNostrSigner implements NostrSignerPort {

    private final NostrKeyVault vault;
    private final String nsec;
    private volatile NostrSignerPort current;

    LiveNostrSigner(NostrKeyVault vault, String nsec) {
        this.vault = vault;
        this.nsec = nsec;
        reload();
    }

    /** Signs from now on with the key the vault decides now. */
    void reload() {
        current = NostrKeySigner.of(vault.secretKey(nsec));
    }

    @Override
    public boolean configured() {
        return current.configured();
    }

    @Override
    public String publicKeyHex() {
        return current.publicKeyHex();
    }

    @Override
    public String npub() {
        return current.npub();
    }

    @Override
    public NostrEvent sign(NostrEvent unsigned) {
        return current.sign(unsigned);
    }
}
