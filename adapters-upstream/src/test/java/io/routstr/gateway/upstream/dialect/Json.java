package io.routstr.gateway.upstream.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds parsed-JSON objects the way Jackson hands them over, {@code null} values included; and compares two documents
 * as a client reads them.
 */
final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    /** An object from alternating keys and values. */
    static Map<String, Object> object(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values come in pairs");
        }
        Map<String, Object> object = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            object.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return object;
    }

    /**
     * That {@code actual} reads as {@code expected}: the same fields with the same values, and the same field names in
     * the same order, read token by token (a JsonNode's equality sees neither the order nor a repeated key).
     */
    static void assertSameDocument(String actual, String expected) throws IOException {
        assertThat(MAPPER.readTree(actual)).isEqualTo(MAPPER.readTree(expected));
        assertThat(fieldNames(actual)).isEqualTo(fieldNames(expected));
    }

    static void assertSameDocument(byte[] actual, byte[] expected) throws IOException {
        assertSameDocument(new String(actual, StandardCharsets.UTF_8), new String(expected, StandardCharsets.UTF_8));
    }

    /** Every field name of every object, in the order they come, a repeated one as often as it comes. */
    private static List<String> fieldNames(String json) throws IOException {
        List<String> names = new ArrayList<>();
        try (JsonParser parser = MAPPER.getFactory().createParser(json)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.FIELD_NAME) {
                    names.add(parser.currentName());
                }
            }
        }
        return names;
    }
}
