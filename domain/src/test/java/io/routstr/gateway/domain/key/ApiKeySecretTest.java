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
}
