package io.routstr.gateway.persistence.providers;

import io.routstr.gateway.domain.provider.ProviderSecret;
import io.routstr.gateway.persistence.secret.AtRestCipher;
import io.routstr.gateway.persistence.secret.AtRestCipher.Purpose;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * Provider API keys at rest (Routstr keeps them in plain text, §16), sealed by the node's {@link AtRestCipher} under
 * the provider-key purpose and stored as text: {@code v2:} and the base64 of the sealed value. A value without the
 * prefix was written before per-purpose keys (base64 of nonce and ciphertext) and is still read.
 */
public final class ProviderSecretCipher {

    private static final byte[] LEGACY_CONTEXT = "routstr upstream provider api key".getBytes(StandardCharsets.UTF_8);

    private final AtRestCipher cipher;

    public ProviderSecretCipher(AtRestCipher cipher) {
        this.cipher = Objects.requireNonNull(cipher, "cipher");
    }

    /** A cipher keyed from the node secret {@code passphrase} (the operator's {@code ROUTSTR_SECRET_KEY}). */
    public static ProviderSecretCipher fromPassphrase(String passphrase) {
        return new ProviderSecretCipher(AtRestCipher.fromNodeSecret(passphrase));
    }

    String encrypt(ProviderSecret secret) {
        return cipher.sealText(Purpose.PROVIDER_SECRET, secret.reveal());
    }

    /** The secret in {@code stored}; throws when the key is wrong or the value was altered. */
    ProviderSecret decrypt(String stored) {
        if (AtRestCipher.isSealedText(stored)) {
            return ProviderSecret.of(cipher.openText(Purpose.PROVIDER_SECRET, stored));
        }
        byte[] legacy = cipher.openLegacy(LEGACY_CONTEXT, Base64.getDecoder().decode(stored), 0);
        return ProviderSecret.of(new String(legacy, StandardCharsets.UTF_8));
    }
}
