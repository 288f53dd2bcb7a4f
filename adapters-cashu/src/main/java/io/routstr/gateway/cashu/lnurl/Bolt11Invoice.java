package io.routstr.gateway.cashu.lnurl;

import io.routstr.gateway.domain.money.Msats;
import java.util.List;
import java.util.Optional;

/**
 * What the human-readable part of a BOLT11 invoice says: its network and amount. Only the bech32 checksum is
 * verified, not the node signature or tagged fields; the mint decodes the invoice in full when quoting the melt.
 */
record Bolt11Invoice(String network, Optional<Msats> amount) {

    /** BOLT11 currency prefixes, longest first so {@code bcrt} is not read as {@code bc} plus an amount. */
    private static final List<String> NETWORKS = List.of("bcrt", "tbs", "bc", "tb");

    /** Millisatoshis per unit of each BOLT11 multiplier ({@code p} is a tenth of a msat, handled apart). */
    private static final long MSATS_PER_BTC = 100_000_000_000L;

    private static final long MSATS_PER_MILLI = 100_000_000L;
    private static final long MSATS_PER_MICRO = 100_000L;
    private static final long MSATS_PER_NANO = 100L;

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
