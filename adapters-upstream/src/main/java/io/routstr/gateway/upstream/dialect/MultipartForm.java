package io.routstr.gateway.upstream.dialect;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough of {@code multipart/form-data} (RFC 7578) to find one text field of a form in its raw bytes: the
 * boundary of a {@code Content-Type} and where a named field's value lies, so that the body can be forwarded byte for
 * byte with only that value replaced. Files are never decoded or copied.
 */
final class MultipartForm {

    private static final Pattern BOUNDARY = Pattern.compile("(?i);\\s*boundary=(?:\"([^\"]{1,70})\"|([^;\\s]{1,70}))");
    private static final Pattern NAME = Pattern.compile("(?i)(?:^|;)\\s*name=\"([^\"]*)\"");
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] HEADERS_END = {'\r', '\n', '\r', '\n'};

    private MultipartForm() {}

    /** Where a field's value lies in the body: bytes {@code start} (inclusive) to {@code end} (exclusive). */
    record Span(int start, int end) {}

    /** Whether {@code contentType} is a multipart form. */
    static boolean isForm(String contentType) {
        return contentType.strip().toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
    }

    /** The boundary a multipart {@code contentType} declares, unquoted. */
    static Optional<String> boundary(String contentType) {
        Matcher m = BOUNDARY.matcher(contentType);
        if (!m.find()) {
            return Optional.empty();
        }
        return Optional.of(m.group(1) != null ? m.group(1) : m.group(2));
    }

    /** The value of the first text field called {@code name} (a part without a file name), if the body has one. */
    static Optional<Span> field(byte[] body, String boundary, String name) {
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
        int at = indexOf(body, delimiter, 0);
        while (at >= 0) {
            int partStart = at + delimiter.length;
            if (startsWith(body, partStart, new byte[] {'-', '-'}) || !startsWith(body, partStart, CRLF)) {
                return Optional.empty(); // the closing delimiter, or not a form
            }
            int headersEnd = indexOf(body, HEADERS_END, partStart);
            if (headersEnd < 0) {
                return Optional.empty();
            }
            // A part's value ends at the CRLF that precedes the next delimiter.
            byte[] next = ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII);
            int valueStart = headersEnd + HEADERS_END.length;
            int valueEnd = indexOf(body, next, valueStart);
            if (valueEnd < 0) {
                return Optional.empty();
            }
            String headers = new String(body, partStart, headersEnd - partStart, StandardCharsets.UTF_8);
            if (namesField(headers, name)) {
                return Optional.of(new Span(valueStart, valueEnd));
            }
            at = valueEnd + CRLF.length;
        }
        return Optional.empty();
    }

    private static boolean namesField(String headers, String name) {
        for (String line : headers.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon < 0 || !line.substring(0, colon).strip().equalsIgnoreCase("Content-Disposition")) {
                continue;
            }
            String disposition = line.substring(colon + 1);
            Matcher m = NAME.matcher(disposition);
            return m.find()
                    && m.group(1).equals(name)
                    && !disposition.toLowerCase(Locale.ROOT).contains("filename");
        }
        return false;
    }

    private static boolean startsWith(byte[] body, int from, byte[] prefix) {
        if (from + prefix.length > body.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (body[from + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] body, byte[] needle, int from) {
        for (int i = from; i <= body.length - needle.length; i++) {
            if (startsWith(body, i, needle)) {
                return i;
            }
        }
        return -1;
    }
}
