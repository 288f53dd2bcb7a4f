package io.routstr.gateway.cashu.nostr;

import io.routstr.gateway.application.port.out.NostrSignerPort;
import io.routstr.gateway.domain.nostr.NostrEvent;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The node's signer, following the key the node decides now (the operator's, set at run time, else {@code NSEC}, else
 * the generated one). {@link #reload()} takes up a change; each call signs with one key, whole.
 */
public final class LiveNostrSigner implements NostrSignerPort {

    private final Supplier<String> secretKeyHex;
    private volatile NostrSignerPort current;

    /** {@code secretKeyHex} answers the key to sign with now, in hex, or empty for none. */
    public LiveNostrSigner(Supplier<String> secretKeyHex) {
        this.secretKeyHex = Objects.requireNonNull(secretKeyHex, "secret key");
        reload();
    }

    /** Signs from now on with the key decided now. */
    public void reload() {
        current = NostrKeySigner.of(secretKeyHex.get());
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
