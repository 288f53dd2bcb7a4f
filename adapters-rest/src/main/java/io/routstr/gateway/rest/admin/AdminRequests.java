package io.routstr.gateway.rest.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/** Reading the admin API's JSON bodies: a field may be absent (leave it), null (clear it) or set. */
final class AdminRequests {

    private AdminRequests() {}

    static JsonNode object(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new IllegalArgumentException("the body is a JSON object");
        }
        return body;
    }

    static Optional<String> text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException(field + " is a string");
        }
        return Optional.of(value.asText());
    }

    static String requiredText(JsonNode body, String field) {
        return text(body, field).orElseThrow(() -> new IllegalArgumentException(field + " is required"));
    }

    /** Absent: empty; null: a present empty; a number: that number. */
    static Optional<Optional<Long>> nullableLong(JsonNode body, String field) {
        if (!body.has(field)) {
            return Optional.empty();
        }
        JsonNode value = body.get(field);
        if (value.isNull()) {
            return Optional.of(Optional.empty());
        }
        if (!value.canConvertToLong() || !value.isIntegralNumber()) {
            throw new IllegalArgumentException(field + " is a whole number or null");
        }
        return Optional.of(Optional.of(value.asLong()));
    }

    static Optional<Boolean> bool(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isBoolean()) {
            throw new IllegalArgumentException(field + " is true or false");
        }
        return Optional.of(value.asBoolean());
    }
}
