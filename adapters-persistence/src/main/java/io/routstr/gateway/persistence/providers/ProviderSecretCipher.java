package io.routstr.gateway.persistence.providers;

import io.routstr.gateway.domain.provider.ProviderSecret;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts provider API keys at rest with AES-256-GCM (Routstr keeps them in plain text, §16): a random 96-bit nonce
 * per value, stored as base64 of nonce and ciphertext; a wrong key or a tampered value fails to decrypt.
 */
public final class ProviderSecretCipher {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final byte[] CONTEXT = "routstr upstream provider api key".getBytes(StandardCharsets.UTF_8);

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    private ProviderSecretCipher(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
    }

    /** A cipher keyed by SHA-256 of {@code passphrase} (the operator's {@code ROUTSTR_SECRET_KEY}). */
    public static ProviderSecretCipher fromPassphrase(String passphrase) {
        Objects.requireNonNull(passphrase, "passphrase");
        if (passphrase.isBlank()) {
            throw new IllegalArgumentException("the secret key is not blank");
        }
        try {
            return new ProviderSecretCipher(
                    MessageDigest.getInstance("SHA-256").digest(passphrase.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }

    String encrypt(ProviderSecret secret) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(CONTEXT);
            byte[] sealed = cipher.doFinal(secret.reveal().getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not encrypt a provider key", e);
        }
    }

    /** The secret in {@code stored}; throws when the key is wrong or the value was altered. */
    ProviderSecret decrypt(String stored) {
        byte[] in = Base64.getDecoder().decode(stored);
        if (in.length <= NONCE_BYTES) {
            throw new IllegalArgumentException("not an encrypted provider key");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            cipher.updateAAD(CONTEXT);
            byte[] plain = cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES);
            return ProviderSecret.of(new String(plain, StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "a provider key cannot be decrypted: is ROUTSTR_SECRET_KEY the one it was stored with?", e);
        }
    }
}
