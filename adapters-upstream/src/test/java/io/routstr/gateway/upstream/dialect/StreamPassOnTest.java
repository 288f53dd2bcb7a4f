package io.routstr.gateway.upstream.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.routstr.gateway.application.port.out.UpstreamPort.UpstreamEvent;
import io.routstr.gateway.domain.pricing.RequestBill;
import io.routstr.gateway.domain.proxy.ApiEndpoint;
import io.routstr.gateway.domain.usage.TokenUsage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * A stream's events passed on as the upstream wrote them, only the model put back, mean to billing and read for the
 * client exactly what they did when each event was parsed into a map, its model put back and the map written again:
 * the same typed events, the same JSON field for field and in order, the same billed trailer byte for byte.
 */
class StreamPassOnTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};
    private static final String CLIENT_MODEL = "gpt-4o-mini";
    private static final RequestBill BILL = Bills.aBill(2_000, 3_000, TokenUsage.of(2, 3));

    /**
     * A chat stream's usage chunk: every chat stream here ends with one, or the trailer would make its own, with the
     * time and a random id in it.
     */
    private static final String USAGE_CHUNK = "{\"id\":\"chatcmpl-1\",\"model\":\"provider/m\",\"choices\":[],"
            + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2,\"total_tokens\":7}}";

    private static StreamDialect dialect(ApiEndpoint endpoint) {
        return new StreamDialect(endpoint, CLIENT_MODEL, new JsonPayload(Map.of(), true), MAPPER);
    }

    /** How the adapter read an event before: parsed whole into a map, then the model put back. */
    private static SseEvent parsedWhole(String data) {
        Optional<Map<String, Object>> json;
        try {
            String trimmed = data.strip();
            json = trimmed.startsWith("{") ? Optional.of(MAPPER.readValue(trimmed, MAP)) : Optional.empty();
        } catch (IOException e) {
            json = Optional.empty();
        }
        json.ifPresent(map -> ResponseDialect.putClientModel(map, CLIENT_MODEL));
        return new SseEvent(Optional.empty(), data, json, Optional.empty(), Optional.empty(), true);
    }

    private static void assertSameStream(ApiEndpoint endpoint, List<String> datas) throws IOException {
        StreamDialect before = dialect(endpoint);
        StreamDialect now = dialect(endpoint);
        for (String data : datas) {
            List<UpstreamEvent> expected = before.accept(parsedWhole(data));
            List<UpstreamEvent> actual = now.accept(Optional.empty(), data, Optional.empty(), Optional.empty(), true);
            assertThat(actual).hasSameSizeAs(expected);
            for (int i = 0; i < expected.size(); i++) {
                assertSameEvent(actual.get(i), expected.get(i));
            }
        }
        assertThat(new String(now.trailer(BILL, false), StandardCharsets.UTF_8))
                .isEqualTo(new String(before.trailer(BILL, false), StandardCharsets.UTF_8));
    }

    private static void assertSameEvent(UpstreamEvent actual, UpstreamEvent expected) throws IOException {
        if (expected instanceof UpstreamEvent.Delta delta) {
            assertThat(actual).isInstanceOf(UpstreamEvent.Delta.class);
            UpstreamEvent.Delta passed = (UpstreamEvent.Delta) actual;
            assertThat(passed.generatedCharacters()).isEqualTo(delta.generatedCharacters());
            assertSameWire(passed.wire(), delta.wire());
        } else {
            assertThat(actual).isEqualTo(expected);
        }
    }

    /** Two events on the wire: the same data, as JSON when it is JSON. */
    private static void assertSameWire(byte[] actual, byte[] expected) throws IOException {
        String actualData = data(actual);
        String expectedData = data(expected);
        JsonNode expectedJson;
        try {
            expectedJson = expectedData.strip().startsWith("{") ? MAPPER.readTree(expectedData) : null;
        } catch (IOException notJson) {
            expectedJson = null;
        }
        if (expectedJson == null) {
            assertThat(actualData).isEqualTo(expectedData);
            return;
        }
        Json.assertSameDocument(actualData, expectedData);
    }

    /** The data lines of one event on the wire, joined as SSE joins them. */
    private static String data(byte[] wire) {
        List<String> lines = new ArrayList<>();
        for (String line : new String(wire, StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("data: ")) {
                lines.add(line.substring("data: ".length()));
            }
        }
        return String.join("\n", lines);
    }

    private static String chunk(String content, String finishReason) {
        return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"provider/m\","
                + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + content + "\"},\"finish_reason\":"
                + (finishReason == null ? "null" : "\"" + finishReason + "\"") + "}]}";
    }

    @Test
    void aChatStreamPassesOnAsTheUpstreamWroteIt_onlyItsModelPutBack() throws IOException {
        assertSameStream(
                ApiEndpoint.CHAT_COMPLETIONS,
                List.of(
                        chunk("Hel", null),
                        chunk("lo \\u00e9 \\\"q\\\"", null),
                        chunk("", "stop"),
                        USAGE_CHUNK,
                        "[DONE]"));

        StreamDialect dialect = dialect(ApiEndpoint.CHAT_COMPLETIONS);
        UpstreamEvent.Delta delta = (UpstreamEvent.Delta) dialect.accept(
                        Optional.empty(),
                        "{\"model\":\"provider/m\",\"x\":1.50e2,\"choices\":[]}",
                        Optional.empty(),
                        Optional.empty(),
                        true)
                .getLast();
        assertThat(new String(delta.wire(), StandardCharsets.UTF_8))
                .isEqualTo("data: {\"model\":\"gpt-4o-mini\",\"x\":1.50e2,\"choices\":[]}\n\n");
    }

    @Test
    void responsesAndMessagesEventsGetTheModelInsideTheirResponseOrMessagePutBack() throws IOException {
        assertSameStream(
                ApiEndpoint.RESPONSES,
                List.of(
                        "{\"type\":\"response.created\",\"response\":{\"id\":\"r1\",\"model\":\"provider/m\"}}",
                        "{\"type\":\"response.output_text.delta\",\"delta\":\"hi\"}",
                        "{\"type\":\"response.completed\",\"response\":{\"id\":\"r1\",\"model\":\"provider/m\","
                                + "\"usage\":{\"input_tokens\":3,\"output_tokens\":1,\"total_tokens\":4}}}"));
        assertSameStream(
                ApiEndpoint.MESSAGES,
                List.of(
                        "{\"type\":\"message_start\",\"message\":{\"id\":\"m1\",\"model\":\"provider/m\","
                                + "\"usage\":{\"input_tokens\":3,\"output_tokens\":1}}}",
                        "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\","
                                + "\"text\":\"hi\"}}",
                        "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},"
                                + "\"usage\":{\"output_tokens\":2}}",
                        "{\"type\":\"message_stop\"}"));
    }

    @Test
    void eventsTheTextWouldNotReadAsTheMapDoAreWrittenFromTheMap() throws IOException {
        assertSameStream(
                ApiEndpoint.CHAT_COMPLETIONS,
                List.of(
                        "{\"model\":\"a\",\"model\":\"b\",\"choices\":[]}",
                        "{\"message\":{\"model\":\"a\",\"model\":\"b\"},\"choices\":[]}",
                        "{\"model\":\"a\",\"choices\":[]} trailing",
                        "  {\"model\":\"a\",\n\"choices\":[]}  ",
                        "not json",
                        "{\"broken\":",
                        ": a comment-like line",
                        USAGE_CHUNK));
    }

    @Test
    void anEventWithARepeatedKeyGoesOnWithoutIt_asItsMapIsWritten() {
        String data = "{\"x\":1,\"model\":\"provider/m\",\"x\":2,\"choices\":[]}";

        List<UpstreamEvent> events = dialect(ApiEndpoint.CHAT_COMPLETIONS)
                .accept(Optional.empty(), data, Optional.empty(), Optional.empty(), true);

        assertThat(new String(((UpstreamEvent.Delta) events.getLast()).wire(), StandardCharsets.UTF_8))
                .isEqualTo("data: {\"x\":2,\"model\":\"gpt-4o-mini\",\"choices\":[]}\n\n");
    }

    @Property(tries = 200)
    void anyStreamPassesOnAsItWasWrittenFromItsMaps(@ForAll("streams") List<String> datas) throws IOException {
        assertSameStream(ApiEndpoint.CHAT_COMPLETIONS, datas);
    }

    @Provide
    Arbitrary<List<String>> streams() {
        Arbitrary<Object> scalar = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(10).map(s -> (Object) s),
                Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.doubles().map(d -> (Object) d),
                Arbitraries.just(null));
        Arbitrary<Object> delta = Arbitraries.strings().ofMaxLength(10).map(content ->
                (Object) List.of(Map.of("index", 0, "delta", Map.of("content", content))));
        Arbitrary<String> name = Arbitraries.of("id", "model", "object", "created", "x", "message", "response");
        Arbitrary<String> event = Arbitraries.maps(name, Arbitraries.oneOf(scalar, scalar.map(v -> {
                    Map<String, Object> inner = new LinkedHashMap<>();
                    inner.put("model", v);
                    return (Object) inner;
                })))
                .ofMaxSize(5)
                .flatMap(fields -> delta.map(choices -> {
                    Map<String, Object> json = new LinkedHashMap<>(fields);
                    json.put("choices", choices);
                    try {
                        return MAPPER.writeValueAsString(json);
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }));
        return event.list().ofMinSize(1).ofMaxSize(6).map(events -> {
            List<String> stream = new ArrayList<>(events);
            stream.add(USAGE_CHUNK);
            return stream;
        });
    }
}
