package io.routstr.gateway.upstream.dialect;

import java.util.LinkedHashMap;
import java.util.Map;

/** Builds parsed-JSON objects the way Jackson hands them over, {@code null} values included. */
final class Json {

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
}
