package io.routstr.gateway.cashu.nostr;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.fake.InMemoryNostrKeyStore;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class NostrKeyVaultTest {

    private static final String NSEC = "nsec1vl029mgpspedva04g90vltkh6fvh240zqtv9k0t9af8935ke9laqsnlfe5";
    private static final String NPUB_OF_NSEC = NostrKeySigner.of(NSEC).npub();

    private final InMemoryNostrKeyStore store = new InMemoryNostrKeyStore();

    @Test
    void withoutNsec_theFirstStartGeneratesAKey_andEveryInstanceSignsAsItsNpub() {
        NostrKeySigner first = new NostrKeyVault(store, new SecureRandom()).signer("");
        NostrKeySigner second = new NostrKeyVault(store, new SecureRandom()).signer(" ");

        assertThat(first.configured()).isTrue();
        assertThat(first.npub()).startsWith("npub1").isEqualTo(second.npub());
        assertThat(store.load()).hasValueSatisfying(hex -> assertThat(hex).matches("[0-9a-f]{64}"));
    }

    @Test
    void anNsecSetByTheOperator_isTheIdentity_andNothingIsStored() {
        NostrKeySigner signer = new NostrKeyVault(store, new SecureRandom()).signer(NSEC);

        assertThat(signer.npub()).isEqualTo(NPUB_OF_NSEC);
        assertThat(store.load()).isEmpty();
    }

    @Test
    void aKeyStoredEarlier_isKeptAcrossRestarts() {
        String npub = new NostrKeyVault(store, new SecureRandom()).signer(null).npub();

        assertThat(new NostrKeyVault(store, new SecureRandom()).signer(null).npub())
                .isEqualTo(npub);
    }
}
