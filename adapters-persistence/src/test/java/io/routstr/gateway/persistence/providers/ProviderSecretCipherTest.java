package io.routstr.gateway.persistence.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.routstr.gateway.domain.provider.ProviderSecret;
import org.junit.jupiter.api.Test;

class ProviderSecretCipherTest {

    /** The node secret and a provider key as the code before per-purpose keys encrypted them. */
    private static final String OLD_NODE_SECRET = "a-node-secret-key-written-by-the-old-code";

    private static final String WRITTEN_BY_THE_OLD_CODE =
            "NI8fab2afjQ1dA78S1GVBEGcVAahs+uX9/iE83PfyfoLmv0Sx2CDfwtQghEK8/YkSiomkTkhhKpgGqzwxQ==";

    private final ProviderSecretCipher cipher = ProviderSecretCipher.fromPassphrase(OLD_NODE_SECRET);

    @Test
    void aKeyStoredBeforePerPurposeKeys_isStillRead() {
        assertThat(cipher.decrypt(WRITTEN_BY_THE_OLD_CODE).reveal()).isEqualTo("sk-provider-key-from-the-old-code");
    }

    @Test
    void aKeyStoredNow_isVersionedAndReadBack() {
        String stored = cipher.encrypt(ProviderSecret.of("sk-new-provider-key"));

        assertThat(stored).startsWith("v2:").doesNotContain("sk-new");
        assertThat(cipher.decrypt(stored).reveal()).isEqualTo("sk-new-provider-key");
    }

    @Test
    void anotherNodeSecret_failsLoudly() {
        String stored = cipher.encrypt(ProviderSecret.of("sk-new-provider-key"));

        assertThatThrownBy(() -> ProviderSecretCipher.fromPassphrase("some-other-node-secret-0000")
                        .decrypt(stored))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ROUTSTR_SECRET_KEY");
        assertThatThrownBy(() -> ProviderSecretCipher.fromPassphrase("some-other-node-secret-0000")
                        .decrypt(WRITTEN_BY_THE_OLD_CODE))
                .isInstanceOf(IllegalStateException.class);
    }
}
