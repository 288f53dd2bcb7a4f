package io.routstr.gateway.cashu.wallet;

import io.routstr.gateway.application.port.out.WalletSeedPort;
import io.routstr.gateway.cashu.crypto.Bip39;
import io.routstr.gateway.cashu.crypto.WalletSeed;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * The wallet's BIP39 mnemonic, created on first start and stored AES-GCM encrypted with the node secret key. A wrong
 * key fails start-up loudly instead of silently starting a second, empty wallet.
 */
public final class SeedVault {

    private static final byte VERSION = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final byte[] ASSOCIATED_DATA = "routstr-wallet-seed-v1".getBytes(StandardCharsets.US_ASCII);

    private final WalletSeedPort store;
    private final NodeSecretKey key;
    private final SecureRandom random;

    public SeedVault(WalletSeedPort store, NodeSecretKey key, SecureRandom random) {
        this.store = Objects.requireNonNull(store, "store");
        this.key = Objects.requireNonNull(key, "key");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** The stored mnemonic, creating and storing a fresh 24-word one if none exists yet. */
    public String mnemonic() {
        byte[] stored = store.load().orElseGet(() -> store.storeIfAbsent(encrypt(Bip39.generate(random, 24))));
        return decrypt(stored);
    }

    /** The NUT-13 seed of the stored mnemonic (no passphrase). */
    public WalletSeed seed() {
        return WalletSeed.fromMnemonic(mnemonic(), "");
    }

    byte[] encrypt(String mnemonic) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key.aesKey(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(ASSOCIATED_DATA);
            byte[] sealed = cipher.doFinal(mnemonic.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length)
                    .put(VERSION)
                    .put(nonce)
                    .put(sealed)
                    .array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is missing from this JDK", e);
        }
    }

    String decrypt(byte[] stored) {
        if (stored.length <= 1 + NONCE_BYTES || stored[0] != VERSION) {
            throw new IllegalStateException("the stored wallet seed is not in a format this node reads");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(
                    Cipher.DECRYPT_MODE,
                    key.aesKey(),
                    new GCMParameterSpec(TAG_BITS, Arrays.copyOfRange(stored, 1, 1 + NONCE_BYTES)));
            cipher.updateAAD(ASSOCIATED_DATA);
            byte[] plain = cipher.doFinal(stored, 1 + NONCE_BYTES, stored.length - 1 - NONCE_BYTES);
            String mnemonic = new String(plain, StandardCharsets.UTF_8);
            Arrays.fill(plain, (byte) 0);
            return mnemonic;
        } catch (AEADBadTagException wrongKey) {
            throw new IllegalStateException(
                    "the wallet seed cannot be decrypted: ROUTSTR_SECRET_KEY differs from the key it was stored with");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is missing from this JDK", e);
        }
    }
}
