package io.routstr.gateway.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.Collections;

/** The chat request bodies the body benchmarks read. */
public final class ChatBodies {

    private ChatBodies() {}

    /** {@code short}: a 150-byte chat body; {@code long}: a conversation of 40 turns, about 45 kB. */
    public static byte[] of(String size) {
        String turns = size.equals("short")
                ? "{\"role\":\"user\",\"content\":\"Say ok.\"}"
                : String.join(
                        ",",
                        Collections.nCopies(
                                40,
                                "{\"role\":\"user\",\"content\":\""
                                        + "A question that goes on and on about the weather. ".repeat(22)
                                        + "\"}"));
        return ("{\"model\":\"bench-model\",\"messages\":[{\"role\":\"system\",\"content\":\"You are terse.\"}," + turns
                        + "],\"max_tokens\":4,\"temperature\":0.2}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
