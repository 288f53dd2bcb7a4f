package io.routstr.gateway.cashu.lnurl;

/** Text from a remote service made safe to pass on in a refusal message: printable and short. */
final class ServiceText {

    private static final int MAX_CHARS = 200;

    private ServiceText() {}

    static String clean(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_CHARS));
        text.codePoints()
                .limit(MAX_CHARS)
                .map(c -> Character.isISOControl(c) ? ' ' : c)
                .forEach(out::appendCodePoint);
        return text.codePointCount(0, text.length()) > MAX_CHARS
                ? out.append('…').toString()
                : out.toString();
    }
}
