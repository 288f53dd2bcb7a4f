package io.routstr.gateway.upstream.dialect;

import io.routstr.gateway.domain.Components;
import java.util.Map;
import java.util.Optional;

/**
 * One server-sent event: its optional {@code event:} name and its {@code data:} (multi-line data joined with
 * {@code \n}), with the data parsed as a JSON object when it is one.
 *
 * <p>The upstream's {@code id:} and {@code retry:} fields travel with the event so that a client sees them as sent (it
 * may reconnect with {@code Last-Event-ID}); a block that carried only them is an event without data.
 *
 * @param json the parsed data, a mutable map so that cost fields can be added before it is written on
 * @param id the {@code id:} field, when the upstream sent one
 * @param retry the {@code retry:} field in milliseconds, when the upstream sent one
 * @param hasData false only for a block that carried nothing but {@code id:} or {@code retry:}
 */
public record SseEvent(
        Optional<String> event,
        String data,
        Optional<Map<String, Object>> json,
        Optional<String> id,
        Optional<Long> retry,
        boolean hasData) {

    public static final String DONE = "[DONE]";

    public SseEvent {
        Components.requireNonNull(SseEvent.class, event, data, json, id, retry);
    }

    /** An event with data and no {@code id:} or {@code retry:}. */
    public SseEvent(Optional<String> event, String data, Optional<Map<String, Object>> json) {
        this(event, data, json, Optional.empty(), Optional.empty(), true);
    }

    public static SseEvent ofJson(Optional<String> event, Map<String, Object> json) {
        return new SseEvent(event, "", Optional.of(json));
    }

    public static SseEvent done() {
        return new SseEvent(Optional.empty(), DONE, Optional.empty());
    }

    public boolean isDone() {
        return json.isEmpty() && DONE.equals(data.strip());
    }
}
