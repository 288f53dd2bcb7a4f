package io.routstr.gateway.upstream.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
     * That {@code actual} reads as {@code expected}: the same fields with the same values, and in the same order (a
     * JsonNode's equality does not see the order).
     */
    static void assertSameDocument(String actual, String expected) throws IOException {
        JsonNode actualJson = MAPPER.readTree(actual);
        JsonNode expectedJson = MAPPER.readTree(expected);
        assertThat(actualJson).isEqualTo(expectedJson);
        assertThat(fieldOrder(actualJson)).isEqualTo(fieldOrder(expectedJson));
    }

    static void assertSameDocument(byte[] actual, byte[] expected) throws IOException {
        assertSameDocument(new String(actual, StandardCharsets.UTF_8), new String(expected, StandardCharsets.UTF_8));
    }

    /** Every object's field names, depth first. */
    private static List<String> fieldOrder(JsonNode node) {
        List<String> names = new ArrayList<>();
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                names.add(field.getKey());
                names.addAll(fieldOrder(field.getValue()));
            }
        } else if (node.isArray()) {
            node.forEach(element -> names.addAll(fieldOrder(element)));
        }
        return names;
    }
}
