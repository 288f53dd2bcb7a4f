package io.routstr.gateway.application.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.routstr.gateway.application.port.out.NostrSignerPort;
import io.routstr.gateway.domain.nostr.NostrEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link NostrSignerPort}, for the fake and the secp256k1 adapter: a node with a key names it and signs
 * only events that name it; a node without one says so and signs nothing.
 */
public abstract class NostrSignerContract {

    /** A signer holding a key. */
    protected abstract NostrSignerPort withKey();

    /** A signer of a node without {@code NSEC}. */
    protected abstract NostrSignerPort unconfigured();

    private static NostrEvent unsignedBy(String pubkey) {
        return NostrEvent.unsigned(pubkey, 1_767_225_600L, 38421, List.of(List.of("d", "node")), "{\"name\":\"n\"}");
    }

    @Test
    void aNodeWithAKey_namesItsPublicKeyInHexAndAsNpub() {
        NostrSignerPort signer = withKey();

        assertThat(signer.configured()).isTrue();
        assertThat(signer.publicKeyHex()).matches("[0-9a-f]{64}");
        assertThat(signer.npub()).startsWith("npub1");
        assertThat(signer.publicKeyHex()).isEqualTo(withKey().publicKeyHex());
    }

    @Test
    void signingAnEventThatNamesTheKey_keepsTheEventAndAddsASignature() {
        NostrSignerPort signer = withKey();
        NostrEvent unsigned = unsignedBy(signer.publicKeyHex());

        NostrEvent signed = signer.sign(unsigned);

        assertThat(signed.sig()).matches("[0-9a-f]{128}");
        assertThat(signed.id()).isEqualTo(unsigned.id());
        assertThat(signed.pubkey()).isEqualTo(unsigned.pubkey());
        assertThat(signed.content()).isEqualTo(unsigned.content());
        assertThat(signed.tags()).isEqualTo(unsigned.tags());
    }

    @Test
    void anEventThatNamesAnotherKey_isNotSigned() {
        NostrSignerPort signer = withKey();
        String other = signer.publicKeyHex().startsWith("b") ? "c".repeat(64) : "b".repeat(64);

        assertThatThrownBy(() -> signer.sign(unsignedBy(other))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aNodeWithoutAKey_saysSo_andNamesOrSignsNothing() {
        NostrSignerPort signer = unconfigured();

        assertThat(signer.configured()).isFalse();
        assertThatThrownBy(signer::publicKeyHex).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(signer::npub).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> signer.sign(unsignedBy("a".repeat(64)))).isInstanceOf(IllegalStateException.class);
    }
}
