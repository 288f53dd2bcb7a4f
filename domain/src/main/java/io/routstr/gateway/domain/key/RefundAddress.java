package io.routstr.gateway.domain.key;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a key owner asks their balance to be refunded ({@code Refund-LNURL}, Routstr §3.4): a Lightning address
 * (LUD-16, {@code user@domain}), a bech32 LNURL (LUD-01, {@code lnurl1…}), an {@code lnurlp://} link (LUD-17) or the
 * LNURL-pay URL itself over HTTPS, optionally behind {@code lightning:}. Only the shape is checked here; whether the
 * destination may be paid is decided when the refund is made.
 */
public record RefundAddress(String value) {

    /** The width of the stored column; far above any real address or LNURL. */
    public static final int MAX_LENGTH = 1024;

    private static final String LIGHTNING_PREFIX = "lightning:";

    /** LUD-16: the user name is {@code a-z0-9-_.} ({@code +} for tags); a host name or IP literal, optional port. */
    private static final Pattern LIGHTNING_ADDRESS =
            Pattern.compile("[a-z0-9._+-]+@(?:(?:[a-z0-9-]+\\.)*[a-z0-9-]+|\\[[0-9a-f:.]+\\])(?::[0-9]{1,5})?");

    /** LUD-01: bech32 with the human-readable part {@code lnurl}, in one case. */
    private static final Pattern BECH32_LNURL = Pattern.compile("lnurl1[02-9ac-hj-np-z]{6,}");

    public RefundAddress {
        Objects.requireNonNull(value, "refund address");
        if (!isWellFormed(value)) {
            throw new IllegalArgumentException(
                    "a refund address is a Lightning address, an LNURL or an lnurlp:// link of at most " + MAX_LENGTH
                            + " characters");
        }
    }

    /** The address {@code text} stands for, surrounding blanks dropped; empty when it has none of the shapes. */
    public static Optional<RefundAddress> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String stripped = text.strip();
        return isWellFormed(stripped) ? Optional.of(new RefundAddress(stripped)) : Optional.empty();
    }

    private static boolean isWellFormed(String text) {
        if (text.isEmpty() || text.length() > MAX_LENGTH || !text.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            return false;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.startsWith(LIGHTNING_PREFIX)) {
            lower = lower.substring(LIGHTNING_PREFIX.length());
            if (lower.startsWith("//")) {
                lower = lower.substring(2);
            }
        }
        if (lower.startsWith("lnurl1")) {
            // bech32 is all upper or all lower case (BIP-173); QR codes carry it upper case.
            String body = text.substring(text.length() - lower.length());
            return BECH32_LNURL.matcher(lower).matches()
                    && (body.equals(lower) || body.equals(body.toUpperCase(Locale.ROOT)));
        }
        if (lower.startsWith("lnurlp://")) {
            return hasHost("https://" + lower.substring("lnurlp://".length()));
        }
        if (lower.startsWith("https://")) {
            return hasHost(lower);
        }
        return LIGHTNING_ADDRESS.matcher(lower).matches();
    }

    private static boolean hasHost(String url) {
        try {
            URI uri = new URI(url);
            return uri.getHost() != null && !uri.getHost().isBlank();
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** Kept out of logs, as Routstr redacts {@code refund_address} (§16). */
    @Override
    public String toString() {
        return "RefundAddress[redacted]";
    }
}
