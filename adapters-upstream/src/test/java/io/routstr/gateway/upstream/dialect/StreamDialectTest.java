package io.routstr.gateway.upstream.dialect;

import static io.routstr.gateway.upstream.dialect.Json.object;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.routstr.gateway.application.port.out.UpstreamPort.UpstreamEvent;
import io.routstr.gateway.domain.proxy.ApiEndpoint;
import io.routstr.gateway.domain.usage.TokenUsage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A stream's events typed for billing, and its billed trailer (Routstr §4.7). */
class StreamDialectTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static StreamDialect chat(boolean clientWantsUsage) {
        return new StreamDialect(
                ApiEndpoint.CHAT_COMPLETIONS, "m", new JsonPayload(Map.of(), clientWantsUsage), MAPPER);
    }

    private static SseEvent chunk(String content, String finishReason) {
        Map<String, Object> choice = new LinkedHashMap<>();
        choice.put("index", 0);
        choice.put("delta", object("content", content));
        choice.put("finish_reason", finishReason);
        return new SseEvent(Optional.empty(), "", Optional.of(object("id", "c1", "choices", List.of(choice))));
    }

    private static SseEvent usageChunk(int prompt, int completion) {
        return new SseEvent(
                Optional.empty(),
                "",
                Optional.of(object(
                        "id",
                        "c1",
                        "choices",
                        List.of(),
                        "usage",
                        object("prompt_tokens", prompt, "completion_tokens", completion))));
    }

    private static List<UpstreamEvent> feed(StreamDialect dialect, SseEvent... events) {
        List<UpstreamEvent> typed = new ArrayList<>();
        for (SseEvent event : events) {
            typed.addAll(dialect.accept(event));
        }
        return typed;
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void contentPassesOn_theFinalChunkAndTheUsageAreWithheld_andTheTrailerCarriesTheBillThenDone() {
        StreamDialect dialect = chat(false);

        List<UpstreamEvent> typed =
                feed(dialect, chunk("hel", null), chunk("lo", "stop"), usageChunk(2, 3), SseEvent.done());

        assertThat(typed).hasSize(4);
        assertThat(typed.get(0)).isInstanceOfSatisfying(UpstreamEvent.Delta.class, delta -> {
            assertThat(delta.generatedCharacters()).isEqualTo(3);
            assertThat(text(delta.wire()))
                    .startsWith("data: {")
                    .contains("\"hel\"")
                    .endsWith("\n\n");
        });
        assertThat(typed.get(1)).isEqualTo(new UpstreamEvent.Withheld(2));
        assertThat(typed.get(2)).isEqualTo(new UpstreamEvent.Usage(Optional.of(TokenUsage.of(2, 3)), true));
        assertThat(typed.get(3)).isEqualTo(new UpstreamEvent.Withheld(0));

        String trailer = text(dialect.trailer(Bills.aBill(2_000, 3_000, TokenUsage.of(2, 3)), false));

        // The final chunk with the bill in it, then [DONE]: no usage chunk the client did not ask for.
        String[] events = trailer.split("\n\n");
        assertThat(events).hasSize(2);
        assertThat(events[0]).contains("\"lo\"", "\"usage\"", "\"total_msats\":5000", "\"provider\":\"openai\"");
        assertThat(events[1]).isEqualTo("data: [DONE]");
    }

    @Test
    void aClientThatAskedForUsageGetsTheBilledUsageChunk_andTheFinalChunkWithoutUsage() {
        StreamDialect dialect = chat(true);
        feed(dialect, chunk("hi", "stop"), usageChunk(2, 3), SseEvent.done());

        String[] events = text(dialect.trailer(Bills.aBill(2_000, 3_000, TokenUsage.of(2, 3)), false))
                .split("\n\n");

        assertThat(events).hasSize(3);
        assertThat(events[0]).contains("\"hi\"").doesNotContain("usage");
        assertThat(events[1]).contains("\"choices\":[]", "\"usage\"", "\"total_msats\":5000");
        assertThat(events[2]).isEqualTo("data: [DONE]");
    }

    @Test
    void aChatStreamCutAtItsLifetimeGetsABilledUsageChunkAndDone() {
        StreamDialect dialect = chat(false);
        feed(dialect, chunk("hel", null));

        String[] events = text(dialect.trailer(Bills.aBill(1, 2, TokenUsage.of(2, 1)), true))
                .split("\n\n");

        assertThat(events).hasSize(2);
        assertThat(events[0]).contains("\"id\":\"c1\"", "\"model\":\"m\"", "\"total_msats\":3");
        assertThat(events[1]).isEqualTo("data: [DONE]");
    }

    @Test
    void theUpstreamsIdAndRetryFieldsReachTheClientAsSent() {
        StreamDialect dialect = chat(false);
        SseEvent event = new SseEvent(
                Optional.of("message"),
                "{\"id\":\"c1\",\"choices\":[]}",
                Optional.of(object("id", "c1", "choices", List.of())),
                Optional.of("7"),
                Optional.of(1500L),
                true);

        assertThat(feed(dialect, event))
                .singleElement()
                .isInstanceOfSatisfying(
                        UpstreamEvent.Delta.class,
                        delta -> assertThat(text(delta.wire()))
                                .isEqualTo(
                                        "event: message\nid: 7\nretry: 1500\ndata: {\"id\":\"c1\",\"choices\":[]}\n\n"));
    }

    @Test
    void aMessagesStreamReportsItsUsageFromMessageStartAndMessageDelta() {
        StreamDialect dialect = new StreamDialect(ApiEndpoint.MESSAGES, "m", new JsonPayload(Map.of(), false), MAPPER);

        List<UpstreamEvent> typed = feed(
                dialect,
                SseEvent.ofJson(
                        Optional.of("message_start"),
                        object("type", "message_start", "message", object("usage", object("input_tokens", 4)))),
                SseEvent.ofJson(
                        Optional.of("message_delta"),
                        object("type", "message_delta", "usage", object("output_tokens", 3))));

        assertThat(typed)
                .filteredOn(UpstreamEvent.Usage.class::isInstance)
                .last()
                .isEqualTo(new UpstreamEvent.Usage(Optional.of(TokenUsage.of(4, 3)), true));
    }
}
