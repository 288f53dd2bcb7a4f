package io.routstr.gateway.cashu.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * BIP39 mnemonics with the English word list: the human backup of the NUT-13 wallet seed. Generation from entropy,
 * checksum validation and recovery of the entropy; the seed itself comes from {@link WalletSeed#fromMnemonic}.
 */
public final class Bip39 {

    private static final int WORD_COUNT = 2048;
    private static final int BITS_PER_WORD = 11;
    private static final List<String> WORDS = loadWordList();
    private static final Map<String, Integer> INDEX = indexOf(WORDS);

    private Bip39() {}

    /**
     * The mnemonic for 16, 20, 24, 28 or 32 bytes of entropy: the entropy followed by the first {@code bits/32} bits of
     * its SHA-256, read as 11-bit word indices.
     */
    public static String fromEntropy(byte[] entropy) {
        Objects.requireNonNull(entropy, "entropy");
        if (entropy.length < 16 || entropy.length > 32 || entropy.length % 4 != 0) {
            throw new IllegalArgumentException("BIP39 entropy is 16, 20, 24, 28 or 32 bytes");
        }
        int entropyBits = entropy.length * 8;
        int checksumBits = entropyBits / 32;
        byte[] withChecksum = new byte[entropy.length + 1];
        System.arraycopy(entropy, 0, withChecksum, 0, entropy.length);
        withChecksum[entropy.length] = Hashes.sha256(entropy)[0];
        int wordCount = (entropyBits + checksumBits) / BITS_PER_WORD;
        StringJoiner words = new StringJoiner(" ");
        for (int i = 0; i < wordCount; i++) {
            words.add(WORDS.get(readBits(withChecksum, i * BITS_PER_WORD)));
        }
        return words.toString();
    }

    /** A fresh mnemonic of 12, 15, 18, 21 or 24 words. */
    public static String generate(SecureRandom random, int wordCount) {
        if (wordCount < 12 || wordCount > 24 || wordCount % 3 != 0) {
            throw new IllegalArgumentException("a BIP39 mnemonic has 12, 15, 18, 21 or 24 words");
        }
        byte[] entropy = new byte[wordCount * 4 / 3];
        random.nextBytes(entropy);
        return fromEntropy(entropy);
    }

    /** The entropy a mnemonic encodes; refuses unknown words, wrong lengths and a wrong checksum. */
    public static byte[] toEntropy(String mnemonic) {
        Objects.requireNonNull(mnemonic, "mnemonic");
        String[] words =
                Normalizer.normalize(mnemonic.strip(), Normalizer.Form.NFKD).split("\\s+");
        if (words.length < 12 || words.length > 24 || words.length % 3 != 0) {
            throw new IllegalArgumentException("a BIP39 mnemonic has 12, 15, 18, 21 or 24 words");
        }
        int totalBits = words.length * BITS_PER_WORD;
        int checksumBits = totalBits / 33;
        byte[] bits = new byte[(totalBits + 7) / 8];
        for (int i = 0; i < words.length; i++) {
            Integer index = INDEX.get(words[i]);
            if (index == null) {
                throw new IllegalArgumentException("word " + (i + 1) + " is not in the BIP39 English list");
            }
            writeBits(bits, i * BITS_PER_WORD, index);
        }
        int entropyBytes = (totalBits - checksumBits) / 8;
        byte[] entropy = new byte[entropyBytes];
        System.arraycopy(bits, 0, entropy, 0, entropyBytes);
        int expected = (Hashes.sha256(entropy)[0] & 0xff) >>> (8 - checksumBits);
        int actual = (bits[entropyBytes] & 0xff) >>> (8 - checksumBits);
        if (expected != actual) {
            throw new IllegalArgumentException("the mnemonic's checksum does not match");
        }
        return entropy;
    }

    public static boolean isValid(String mnemonic) {
        try {
            toEntropy(mnemonic);
            return true;
        } catch (IllegalArgumentException invalid) {
            return false;
        }
    }

    static List<String> wordList() {
        return WORDS;
    }

    private static int readBits(byte[] data, int offset) {
        int value = 0;
        for (int bit = offset; bit < offset + BITS_PER_WORD; bit++) {
            value = (value << 1) | ((data[bit / 8] >>> (7 - bit % 8)) & 1);
        }
        return value;
    }

    private static void writeBits(byte[] data, int offset, int value) {
        for (int i = 0; i < BITS_PER_WORD; i++) {
            if (((value >>> (BITS_PER_WORD - 1 - i)) & 1) == 1) {
                int bit = offset + i;
                data[bit / 8] |= (byte) (1 << (7 - bit % 8));
            }
        }
    }

    private static List<String> loadWordList() {
        try (InputStream in = Bip39.class.getResourceAsStream("bip39-english.txt")) {
            if (in == null) {
                throw new IllegalStateException("bip39-english.txt is missing from the classpath");
            }
            List<String> words = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .toList();
            if (words.size() != WORD_COUNT) {
                throw new IllegalStateException("the BIP39 word list has " + words.size() + " words, not 2048");
            }
            return words;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the BIP39 word list", e);
        }
    }

    private static Map<String, Integer> indexOf(List<String> words) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < words.size(); i++) {
            index.put(words.get(i), i);
        }
        return Map.copyOf(index);
    }
}
