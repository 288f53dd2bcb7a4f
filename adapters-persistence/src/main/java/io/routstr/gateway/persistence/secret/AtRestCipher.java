package io.routstr.gateway.persistence.secret;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The node's one cipher for secrets at rest: AES-256-GCM under a separate key per {@link Purpose}, each derived from
 * the node secret ({@code ROUTSTR_SECRET_KEY}) with HKDF-SHA256 (RFC 5869), so that a value sealed for one purpose
 * neither opens under another nor shares a key with it. A sealed value is a version byte, a random 96-bit nonce and
 * the ciphertext with its tag; the purpose's label is the associated data.
 *
 * <p>Values written before this cipher existed were sealed under the SHA-256 of the node secret, one key for
 * everything, with no version byte (provider keys) or version 1 (the wallet seed). {@link #openLegacy} still reads
 * them, so an upgrade loses nothing; the stores write only this format from now on.
 */
public final class AtRestCipher {

    /** What a sealed value is: each purpose has its own key and associated data. */
    public enum Purpose {
        PROVIDER_SECRET("routstr at-rest v2: upstream provider api key"),
        WALLET_SEED("routstr at-rest v2: wallet seed"),
        ECASH("routstr at-rest v2: bearer ecash"),
        NOSTR_KEY("routstr at-rest v2: nostr secret key");

        private final byte[] label;

        Purpose(String label) {
            this.label = label.getBytes(StandardCharsets.US_ASCII);
        }
    }

    /** The first byte of every value this cipher seals. */
    public static final byte VERSION = 2;

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int MIN_SECRET_CHARS = 16;
    private static final byte[] HKDF_SALT = "routstr at-rest key derivation".getBytes(StandardCharsets.US_ASCII);

    private final SecretKeySpec[] keys;
    private final SecretKeySpec legacyKey;
    private final SecureRandom random = new SecureRandom();

    private AtRestCipher(byte[] nodeSecret) {
        keys = new SecretKeySpec[Purpose.values().length];
        for (Purpose purpose : Purpose.values()) {
            keys[purpose.ordinal()] = new SecretKeySpec(hkdf32(HKDF_SALT, nodeSecret, purpose.label), "AES");
        }
        legacyKey = new SecretKeySpec(sha256(nodeSecret), "AES");
    }

    /** The cipher of the node secret's text (surrounding blanks ignored, at least 16 characters). */
    public static AtRestCipher fromNodeSecret(String nodeSecret) {
        Objects.requireNonNull(nodeSecret, "node secret");
        String text = nodeSecret.strip();
        if (text.length() < MIN_SECRET_CHARS) {
            throw new IllegalArgumentException("ROUTSTR_SECRET_KEY is at least 16 characters of secret");
        }
        return new AtRestCipher(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Seals {@code plain} for {@code purpose}: version byte, fresh nonce, ciphertext and tag. */
    public byte[] seal(Purpose purpose, byte[] plain) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys[purpose.ordinal()], new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(purpose.label);
            byte[] sealed = cipher.doFinal(plain);
            return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length)
                    .put(VERSION)
                    .put(nonce)
                    .put(sealed)
                    .array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is missing from this JDK", e);
        }
    }

    /** Whether {@code stored} is in this cipher's format (else it may be a legacy value). */
    public static boolean isSealed(byte[] stored) {
        return stored.length > 1 + NONCE_BYTES && stored[0] == VERSION;
    }

    /**
     * The plain value of what {@link #seal} stored for {@code purpose}; throws {@link WrongKeyException} when the node
     * secret is not the one it was sealed with (or the value was altered).
     */
    public byte[] open(Purpose purpose, byte[] stored) {
        if (!isSealed(stored)) {
            throw new IllegalArgumentException("not a value sealed by this node's at-rest cipher");
        }
        return decrypt(keys[purpose.ordinal()], purpose.label, stored, 1);
    }

    /** Marks a text column's value as {@link #sealText sealed}: base64 has no ':', so no older value starts so. */
    public static final String TEXT_PREFIX = "v2:";

    /** {@code plain} sealed for {@code purpose} in the form a text column keeps: {@code v2:} and base64. */
    public String sealText(Purpose purpose, String plain) {
        return TEXT_PREFIX + Base64.getEncoder().encodeToString(seal(purpose, plain.getBytes(StandardCharsets.UTF_8)));
    }

    /** Whether a text column's value was written by {@link #sealText} (else it predates sealing in this form). */
    public static boolean isSealedText(String stored) {
        return stored.startsWith(TEXT_PREFIX);
    }

    /** The plain value {@link #sealText} stored for {@code purpose}. */
    public String openText(Purpose purpose, String stored) {
        if (!isSealedText(stored)) {
            throw new IllegalArgumentException("not a text value sealed by this node's at-rest cipher");
        }
        byte[] sealed = Base64.getDecoder().decode(stored.substring(TEXT_PREFIX.length()));
        return new String(open(purpose, sealed), StandardCharsets.UTF_8);
    }

    /**
     * A text column's value in the clear: {@link #openText opened} when {@link #isSealedText sealed}, as it is when it
     * was written before the column was sealed.
     */
    public String openTextOrPlain(Purpose purpose, String stored) {
        return isSealedText(stored) ? openText(purpose, stored) : stored;
    }

    /**
     * Opens a value sealed before per-purpose keys: {@code nonceAndCiphertext} under the SHA-256 of the node secret
     * with {@code associatedData}, the format the provider-key and seed stores wrote until now.
     */
    public byte[] openLegacy(byte[] associatedData, byte[] stored, int offset) {
        if (stored.length <= offset + NONCE_BYTES) {
            throw new IllegalArgumentException("not a value sealed by an earlier version of this node");
        }
        return decrypt(legacyKey, associatedData, stored, offset);
    }

    private static byte[] decrypt(SecretKeySpec key, byte[] associatedData, byte[] stored, int offset) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, stored, offset, NONCE_BYTES));
            cipher.updateAAD(associatedData);
            return cipher.doFinal(stored, offset + NONCE_BYTES, stored.length - offset - NONCE_BYTES);
        } catch (AEADBadTagException wrongKey) {
            throw new WrongKeyException();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is missing from this JDK", e);
        }
    }

    /**
     * HKDF-SHA256 (RFC 5869) of one 32-byte block: extract PRK = HMAC(salt, ikm), then expand T(1) = HMAC(PRK, info ||
     * 0x01).
     */
    static byte[] hkdf32(byte[] salt, byte[] inputKey, byte[] info) {
        byte[] pseudoRandomKey = hmac(salt, inputKey);
        byte[] input = Arrays.copyOf(info, info.length + 1);
        input[info.length] = 1;
        byte[] key = hmac(pseudoRandomKey, input);
        Arrays.fill(pseudoRandomKey, (byte) 0);
        return key;
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    @Override
    public String toString() {
        return "AtRestCipher[<redacted>]";
    }

    /** The node secret is not the one a value was sealed with, or the value was altered. */
    public static final class WrongKeyException extends IllegalStateException {

        private static final long serialVersionUID = 1L;

        WrongKeyException() {
            super("a value at rest cannot be decrypted: ROUTSTR_SECRET_KEY differs from the key it was stored with");
        }
    }
}
