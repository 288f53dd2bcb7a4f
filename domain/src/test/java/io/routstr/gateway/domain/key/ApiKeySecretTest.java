package io.routstr.gateway.domain.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ApiKeySecretTest {

    @Test
    void aTokenAlwaysBecomesTheSameKey() {
        ApiKeySecret first = ApiKeySecret.derivedFromToken("cashuBabc");
        ApiKeySecret second = ApiKeySecret.derivedFromToken(" cashuBabc\n");

        assertThat(first).isEqualTo(second);
        assertThat(first.reveal()).startsWith("sk-").hasSize(3 + 64);
        // Routstr's key for a token is "sk-" + sha256(token): clients that computed it keep working.
        assertThat(ApiKeySecret.derivedFromToken("abc").reveal())
                .isEqualTo("sk-ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void theStoredHashIsNotTheSecret() {
        ApiKeySecret secret = ApiKeySecret.generate();

        assertThat(secret.hash().value()).doesNotContain(secret.reveal().substring(3));
        assertThat(secret.hash()).isEqualTo(ApiKeySecret.parse(secret.reveal()).hash());
    }

    @Test
    void theSecretNeverAppearsInLogs() {
        ApiKeySecret secret = ApiKeySecret.generate();

        assertThat(secret.toString()).doesNotContain(secret.reveal().substring(3, 10));
        assertThat(secret.hash().toString()).hasSize(11);
    }

    @Test
    void onlySkKeysParse() {
        assertThatThrownBy(() -> ApiKeySecret.parse("pk-123")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ApiKeySecret.parse("sk-")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new KeyHash("ABC")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aKeysHashIsTheSha256OfItsSecretInLowercaseHex_everyTime() {
        ApiKeySecret secret = ApiKeySecret.parse("sk-0123456789");

        // Each hash uses its own copy of the digest: one request's hash never carries another's state.
        for (int i = 0; i < 3; i++) {
            assertThat(secret.hash().value())
                    .isEqualTo("5c85b6dd8ccb9a87259d5b71753c6c4ad1b489f2d07600afe459137807265d76");
        }
    }

    @Test
    void aKeyHashIsExactly64LowercaseHexCharacters() {
        String valid = "5c85b6dd8ccb9a87259d5b71753c6c4ad1b489f2d07600afe459137807265d76";

        assertThat(new KeyHash(valid).value()).isEqualTo(valid);
        assertThatThrownBy(() -> new KeyHash(valid.toUpperCase(java.util.Locale.ROOT)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new KeyHash(valid.substring(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new KeyHash(valid + "0")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new KeyHash(valid.substring(1) + "g")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new KeyHash(valid.substring(1) + "/")).isInstanceOf(IllegalArgumentException.class);
    }
}
