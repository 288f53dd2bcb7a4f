package io.routstr.gateway.cashu.lnurl;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Bech32 (BIP-173) as LNURL (LUD-01) and BOLT11 use it: the original checksum constant, not bech32m, and no 90
 * character limit, since both LNURLs and invoices are routinely longer.
 */
public final class Bech32 {

    private static final String CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    private static final int[] GENERATOR = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
    private static final int CHECKSUM_LENGTH = 6;

    /** A checksum-verified string: lower-case {@code hrp} and its 5-bit data words, checksum removed. */
    public record Decoded(String hrp, byte[] words) {}

    private Bech32() {}

    public static Optional<Decoded> decode(String text) {
        boolean lower = false;
        boolean upper = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 33 || c > 126) {
                return Optional.empty();
            }
            lower |= c >= 'a' && c <= 'z';
            upper |= c >= 'A' && c <= 'Z';
        }
        // BIP-173: mixed case is invalid; one case throughout is the same string.
        if (lower && upper) {
            return Optional.empty();
        }
        String normalised = text.toLowerCase(Locale.ROOT);
        int separator = normalised.lastIndexOf('1');
        if (separator < 1 || separator + 1 + CHECKSUM_LENGTH > normalised.length()) {
            return Optional.empty();
        }
        String hrp = normalised.substring(0, separator);
        byte[] words = new byte[normalised.length() - separator - 1];
        for (int i = 0; i < words.length; i++) {
            int value = CHARSET.indexOf(normalised.charAt(separator + 1 + i));
            if (value < 0) {
                return Optional.empty();
            }
            words[i] = (byte) value;
        }
        if (polymod(hrp, words) != 1) {
            return Optional.empty();
        }
        return Optional.of(new Decoded(hrp, Arrays.copyOf(words, words.length - CHECKSUM_LENGTH)));
    }

    /** Lower-case bech32 of {@code words} (5-bit values) under {@code hrp}. */
    public static String encode(String hrp, byte[] words) {
        byte[] withRoom = Arrays.copyOf(words, words.length + CHECKSUM_LENGTH);
        int checksum = polymod(hrp, withRoom) ^ 1;
        StringBuilder out = new StringBuilder(hrp.length() + 1 + withRoom.length)
                .append(hrp)
                .append('1');
        for (byte word : words) {
            out.append(CHARSET.charAt(word));
        }
        for (int i = 0; i < CHECKSUM_LENGTH; i++) {
            out.append(CHARSET.charAt((checksum >>> (5 * (CHECKSUM_LENGTH - 1 - i))) & 31));
        }
        return out.toString();
    }

    /** Regroups 5-bit words into bytes; at most 4 zero bits of padding may be left over (BIP-173). */
    public static Optional<byte[]> toBytes(byte[] words) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(words.length * 5 / 8);
        int accumulator = 0;
        int bits = 0;
        for (byte word : words) {
            accumulator = ((accumulator << 5) | word) & 0xfff;
            bits += 5;
            if (bits >= 8) {
                bits -= 8;
                out.write((accumulator >>> bits) & 0xff);
            }
        }
        if (bits >= 5 || ((accumulator << (8 - bits)) & 0xff) != 0) {
            return Optional.empty();
        }
        return Optional.of(out.toByteArray());
    }

    /** Regroups bytes into 5-bit words, zero-padding the last one. */
    public static byte[] toWords(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream((bytes.length * 8 + 4) / 5);
        int accumulator = 0;
        int bits = 0;
        for (byte b : bytes) {
            accumulator = ((accumulator << 8) | (b & 0xff)) & 0xfff;
            bits += 8;
            while (bits >= 5) {
                bits -= 5;
                out.write((accumulator >>> bits) & 31);
            }
        }
        if (bits > 0) {
            out.write((accumulator << (5 - bits)) & 31);
        }
        return out.toByteArray();
    }

    private static int polymod(String hrp, byte[] words) {
        int checksum = 1;
        for (int i = 0; i < hrp.length(); i++) {
            checksum = step(checksum, hrp.charAt(i) >>> 5);
        }
        checksum = step(checksum, 0);
        for (int i = 0; i < hrp.length(); i++) {
            checksum = step(checksum, hrp.charAt(i) & 31);
        }
        for (byte word : words) {
            checksum = step(checksum, word);
        }
        return checksum;
    }

    private static int step(int checksum, int value) {
        int top = checksum >>> 25;
        int next = ((checksum & 0x1ffffff) << 5) ^ value;
        for (int i = 0; i < GENERATOR.length; i++) {
            if (((top >>> i) & 1) != 0) {
                next ^= GENERATOR[i];
            }
        }
        return next;
    }
}
