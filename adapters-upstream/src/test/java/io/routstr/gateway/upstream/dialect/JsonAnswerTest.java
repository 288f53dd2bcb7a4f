package io.routstr.gateway.upstream.dialect;

import static io.routstr.gateway.upstream.dialect.Json.object;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.routstr.gateway.domain.proxy.ApiEndpoint;
import io.routstr.gateway.domain.usage.TokenUsage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A whole answer: its usage, its generated text for an estimate, and the bill written in (Routstr §4.9). */
class JsonAnswerTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static JsonAnswer answer(ApiEndpoint endpoint, Map<String, Object> json) {
        return new JsonAnswer(endpoint, new byte[0], "application/json", Optional.of(json), MAPPER);
    }

    private static Map<String, Object> parse(byte[] bytes) throws IOException {
        return MAPPER.readValue(bytes, new TypeReference<Map<String, Object>>() {});
    }

    @Test
    void givenUsage_theAnswerCarriesItsCostInUsageAndAtTheTop_andItsProvider() throws IOException {
        JsonAnswer answer = answer(
                ApiEndpoint.CHAT_COMPLETIONS,
                object(
                        "choices", List.of(object("message", object("content", "hello"))),
                        "usage", object("prompt_tokens", 2, "completion_tokens", 3, "total_tokens", 5)));

        assertThat(answer.usage()).contains(TokenUsage.of(2, 3));
        Map<String, Object> rendered = parse(answer.renderWithBill(Bills.aBill(2_000, 3_000, TokenUsage.of(2, 3))));

        assertThat(rendered.get("usage"))
                .asString()
                .contains("prompt_tokens=2", "total_msats=5000", "cost_sats=5", "remaining_balance_msats=1000000");
        assertThat(rendered.get("cost")).asString().contains("total_msats=5000");
        assertThat(rendered).containsEntry("provider", "openai");
        assertThat(answer.contentType()).isEqualTo("application/json");
    }

    @Test
    void withoutUsage_toolCallArgumentsAndReasoningCountAsGeneratedText_andTheEstimateIsWrittenAsUsage()
            throws IOException {
        JsonAnswer answer = answer(
                ApiEndpoint.CHAT_COMPLETIONS,
                object(
                        "choices",
                        List.of(object(
                                "message",
                                object(
                                        "content",
                                        null,
                                        "reasoning",
                                        "thinking hard",
                                        "tool_calls",
                                        List.of(object(
                                                "id",
                                                "call_1",
                                                "type",
                                                "function",
                                                "function",
                                                object("name", "lookup", "arguments", "{\"city\":\"Paris\"}"))))))));

        assertThat(answer.usage()).isEmpty();
        // "thinking hard" alone is 13 characters.
        assertThat(answer.generatedCharacters()).isEqualTo(13 + 6 + 16);
        Map<String, Object> rendered = parse(answer.renderWithBill(Bills.aBill(1, 2, TokenUsage.of(1, 12))));
        assertThat(rendered.get("usage")).asString().contains("completion_tokens=12");
    }

    @Test
    void aMessagesAnswerCountsItsToolUseInputAndThinking() {
        JsonAnswer answer = answer(
                ApiEndpoint.MESSAGES,
                object(
                        "type",
                        "message",
                        "content",
                        List.of(
                                object("type", "thinking", "thinking", "hmm"),
                                object(
                                        "type",
                                        "tool_use",
                                        "id",
                                        "t1",
                                        "name",
                                        "lookup",
                                        "input",
                                        object("city", "Paris")))));

        // "hmm", "lookup" and {"city":"Paris"} as compact JSON.
        assertThat(answer.generatedCharacters()).isEqualTo(3 + 6 + 16);
    }

    @Test
    void anAnswerThatIsNoJsonObjectIsPassedOnAsItCame() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G'};
        JsonAnswer answer = new JsonAnswer(ApiEndpoint.OTHER, png, "image/png", Optional.empty(), MAPPER);

        assertThat(answer.renderWithBill(Bills.aBill(1, 2, TokenUsage.of(1, 1))))
                .isEqualTo(png);
        assertThat(answer.contentType()).isEqualTo("image/png");
        assertThat(new String(png, StandardCharsets.ISO_8859_1)).endsWith("PNG");
    }
}
