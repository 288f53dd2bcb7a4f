package io.routstr.gateway.domain.proxy;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One server-sent event: its optional {@code event:} name and its {@code data:} (multi-line data joined with
 * {@code \n}), with the data parsed as a JSON object when it is one.
 *
 * @param json the parsed data, a mutable map so that cost fields can be added before it is written on
 */
public record SseEvent(Optional<String> event, String data, Optional<Map<String, Object>> json) {

    public static final String DONE = "[DONE]";

    public SseEvent {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(json, "json");
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
