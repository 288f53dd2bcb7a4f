package io.routstr.gateway.cashu.lnurl;

import io.routstr.gateway.domain.money.Msats;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * What the human-readable part of a BOLT11 invoice says: its network and amount; and its payment hash, the {@code p}
 * tagged field. Only the bech32 checksum is verified, not the node signature; the mint decodes the invoice in full
 * when quoting the melt.
 */
public record Bolt11Invoice(String network, Optional<Msats> amount) {

    /** BOLT11: a 35-bit timestamp (7 words) opens the data part, and a 520-bit signature (104 words) closes it. */
    private static final int TIMESTAMP_WORDS = 7;

    private static final int SIGNATURE_WORDS = 104;
    private static final int PAYMENT_HASH_TAG = 1;
    private static final int PAYMENT_HASH_WORDS = 52;

    /** BOLT11 currency prefixes, longest first so {@code bcrt} is not read as {@code bc} plus an amount. */
    private static final List<String> NETWORKS = List.of("bcrt", "tbs", "bc", "tb");

    /** Millisatoshis per unit of each BOLT11 multiplier ({@code p} is a tenth of a msat, handled apart). */
    private static final long MSATS_PER_BTC = 100_000_000_000L;

    private static final long MSATS_PER_MILLI = 100_000_000L;
    private static final long MSATS_PER_MICRO = 100_000L;
    private static final long MSATS_PER_NANO = 100L;

    /**
     * The invoice's payment hash in lowercase hex: the first {@code p} field of data length 52 (BOLT11 says to skip a
     * {@code p} field of any other length); empty when the text is no checksum-valid invoice or carries none.
     */
    public static Optional<String> paymentHash(String text) {
        Optional<Bech32.Decoded> decoded = Bech32.decode(text.strip());
        if (decoded.isEmpty() || !decoded.get().hrp().startsWith("ln")) {
            return Optional.empty();
        }
        byte[] words = decoded.get().words();
        int end = words.length - SIGNATURE_WORDS;
        int at = TIMESTAMP_WORDS;
        while (at + 3 <= end) {
            int type = words[at];
            int length = words[at + 1] * 32 + words[at + 2];
            int from = at + 3;
            if (from + length > end) {
                return Optional.empty();
            }
            if (type == PAYMENT_HASH_TAG && length == PAYMENT_HASH_WORDS) {
                // 52 words are 260 bits: the 256-bit hash and 4 zero bits of padding.
                return Bech32.toBytes(Arrays.copyOfRange(words, from, from + length))
                        .filter(bytes -> bytes.length == 32)
                        .map(HexFormat.of()::formatHex);
            }
            at = from + length;
        }
        return Optional.empty();
    }

    static Optional<Bolt11Invoice> parse(String text) {
        Optional<Bech32.Decoded> decoded = Bech32.decode(text);
        if (decoded.isEmpty() || !decoded.get().hrp().startsWith("ln")) {
            return Optional.empty();
        }
        String afterLn = decoded.get().hrp().substring(2);
        for (String network : NETWORKS) {
            if (afterLn.startsWith(network)) {
                String amountPart = afterLn.substring(network.length());
                if (amountPart.isEmpty()) {
                    return Optional.of(new Bolt11Invoice(network, Optional.empty()));
                }
                return amountOf(amountPart).map(amount -> new Bolt11Invoice(network, Optional.of(amount)));
            }
        }
        return Optional.empty();
    }

    /** BOLT11: decimal digits, then an optional multiplier m, u, n or p of one bitcoin. */
    private static Optional<Msats> amountOf(String part) {
        char last = part.charAt(part.length() - 1);
        boolean hasMultiplier = !Character.isDigit(last);
        String digits = hasMultiplier ? part.substring(0, part.length() - 1) : part;
        if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.empty();
        }
        long number = Long.parseLong(digits);
        try {
            long msats = switch (hasMultiplier ? last : ' ') {
                case ' ' -> Math.multiplyExact(number, MSATS_PER_BTC);
                case 'm' -> Math.multiplyExact(number, MSATS_PER_MILLI);
                case 'u' -> Math.multiplyExact(number, MSATS_PER_MICRO);
                case 'n' -> Math.multiplyExact(number, MSATS_PER_NANO);
                // BOLT11: a pico amount must be a whole number of msats, i.e. end in 0.
                case 'p' -> number % 10 == 0 ? number / 10 : -1;
                default -> -1;
            };
            return msats > 0 ? Optional.of(Msats.of(msats)) : Optional.empty();
        } catch (ArithmeticException overflow) {
            return Optional.empty();
        }
    }
}
