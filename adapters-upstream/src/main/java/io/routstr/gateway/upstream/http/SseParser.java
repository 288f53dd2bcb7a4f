package io.routstr.gateway.upstream.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An incremental server-sent-events parser (WHATWG HTML §9.2): bytes go in as they arrive, whole events come out.
 *
 * <p>Robust to what upstreams do (Routstr §13.12): events split anywhere across reads (even inside a UTF-8 character
 * or between {@code \r} and {@code \n}), {@code \r\n}, {@code \n} and lone {@code \r} line ends, {@code :} comments
 * and keep-alives, multi-line {@code data} joined with {@code \n}, {@code data:} with or without a space. An event
 * still unterminated when the stream ends is delivered if it has data, since some upstreams omit the last blank line.
 * The {@code id} and {@code retry} fields are kept so that they reach the client as sent (the client may reconnect
 * with {@code Last-Event-ID}); a block carrying only them is delivered as an event without data.
 */
final class SseParser {

    /**
     * One parsed event; {@code hasData} is false only for a block that carried nothing but {@code id} or
     * {@code retry}.
     */
    record RawEvent(Optional<String> event, String data, Optional<String> id, Optional<Long> retry, boolean hasData) {

        RawEvent(Optional<String> event, String data) {
            this(event, data, Optional.empty(), Optional.empty(), true);
        }
    }

    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private final StringBuilder data = new StringBuilder();
    private String eventName;
    private String id;
    private Long retry;
    private boolean hasData;
    private boolean lastWasCr;

    /** Feeds {@code length} bytes from {@code bytes}; returns the events they completed. */
    List<RawEvent> feed(byte[] bytes, int offset, int length) {
        List<RawEvent> events = new ArrayList<>();
        int end = offset + length;
        int i = offset;
        while (i < end) {
            byte b = bytes[i];
            if (b == '\n' && lastWasCr) {
                lastWasCr = false;
                i++;
            } else if (b == '\n' || b == '\r') {
                lastWasCr = b == '\r';
                endLine(events);
                i++;
            } else {
                // A line's bytes up to its end or the read's, copied at once: a copy byte by byte took a lock per byte
                // (ByteArrayOutputStream.write(int) is synchronized), about 8 µs an event (docs/benchmarks.md).
                int start = i;
                while (i < end && bytes[i] != '\n' && bytes[i] != '\r') {
                    i++;
                }
                line.write(bytes, start, i - start);
                lastWasCr = false;
            }
        }
        return events;
    }

    /** The stream ended: a pending line and event are delivered when they carry data. */
    List<RawEvent> finish() {
        List<RawEvent> events = new ArrayList<>();
        if (line.size() > 0) {
            endLine(events);
        }
        dispatch(events);
        return events;
    }

    private void endLine(List<RawEvent> events) {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (text.isEmpty()) {
            dispatch(events);
            return;
        }
        if (text.startsWith(":")) {
            return;
        }
        int colon = text.indexOf(':');
        String field = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : text.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "data" -> {
                if (hasData) {
                    data.append('\n');
                }
                data.append(value);
                hasData = true;
            }
            case "event" -> eventName = value;
            case "id" -> {
                // WHATWG: an id containing NUL is ignored.
                if (value.indexOf('\0') < 0) {
                    id = value;
                }
            }
            case "retry" -> {
                // WHATWG: only ASCII digits set the reconnection time; anything else is ignored.
                if (!value.isEmpty() && value.length() <= 18 && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    retry = Long.parseLong(value);
                }
            }
            default -> {
                // Unknown fields are ignored.
            }
        }
    }

    private void dispatch(List<RawEvent> events) {
        if (hasData || id != null || retry != null) {
            events.add(new RawEvent(
                    Optional.ofNullable(eventName),
                    data.toString(),
                    Optional.ofNullable(id),
                    Optional.ofNullable(retry),
                    hasData));
        }
        data.setLength(0);
        hasData = false;
        eventName = null;
        id = null;
        retry = null;
    }
}
