package io.routstr.gateway.cashu.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The 64-byte BIP39 seed every NUT-13 secret and blinding factor is derived from. Whoever holds it can restore all the
 * wallet's ecash, so it is never printed and only copies of the bytes leave the object.
 */
public final class WalletSeed {

    private static final int SEED_BYTES = 64;
    private static final int PBKDF2_ITERATIONS = 2048;

    private final byte[] bytes;

    private WalletSeed(byte[] bytes) {
        this.bytes = bytes;
    }

    public static WalletSeed of(byte[] seed) {
        Objects.requireNonNull(seed, "seed");
        if (seed.length < 16 || seed.length > SEED_BYTES) {
            throw new IllegalArgumentException("a BIP32 seed is 16 to 64 bytes");
        }
        return new WalletSeed(seed.clone());
    }

    /**
     * BIP39 mnemonic to seed: PBKDF2-HMAC-SHA512, 2048 iterations, salt {@code "mnemonic" + passphrase}, both NFKD
     * normalised. The words are not checked against the word list here; see {@link Bip39#isValid(String)}.
     */
    public static WalletSeed fromMnemonic(String mnemonic, String passphrase) {
        Objects.requireNonNull(mnemonic, "mnemonic");
        Objects.requireNonNull(passphrase, "passphrase");
        String words = Normalizer.normalize(String.join(" ", mnemonic.strip().split("\\s+")), Normalizer.Form.NFKD);
        String salt = Normalizer.normalize("mnemonic" + passphrase, Normalizer.Form.NFKD);
        PBEKeySpec spec = new PBEKeySpec(
                words.toCharArray(), salt.getBytes(StandardCharsets.UTF_8), PBKDF2_ITERATIONS, SEED_BYTES * 8);
        try {
            return new WalletSeed(SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512")
                    .generateSecret(spec)
                    .getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA512 is missing from this JDK", e);
        } finally {
            spec.clearPassword();
        }
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    /** Overwrites the seed in memory once it is no longer needed. */
    public void destroy() {
        Arrays.fill(bytes, (byte) 0);
    }

    byte[] unsafeBytes() {
        return bytes;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WalletSeed that && MessageDigest.isEqual(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "WalletSeed[<redacted>]";
    }
}
