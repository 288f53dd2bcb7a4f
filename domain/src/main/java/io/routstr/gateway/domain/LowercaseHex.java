package io.routstr.gateway.domain;

/**
 * Lowercase hex shapes, checked by a loop: they are checked for every key hash of a paid request and for every proof
 * the wallet reads (a send reads up to 2,000 candidates), where regex matches were the hottest frames (docs/benchmarks.md,
 * sessions 8 and 16).
 */
public final class LowercaseHex {

    private LowercaseHex() {}

    /** Whether {@code text} is exactly {@code digits} characters of {@code [0-9a-f]}. */
    public static boolean is(String text, int digits) {
        return text.length() == digits && digitsFrom(text, 0);
    }

    /** Whether {@code text} is {@code prefix} followed by exactly {@code digits} characters of {@code [0-9a-f]}. */
    public static boolean isPrefixed(String text, String prefix, int digits) {
        return text.length() == prefix.length() + digits
                && text.startsWith(prefix)
                && digitsFrom(text, prefix.length());
    }

    private static boolean digitsFrom(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }
}
