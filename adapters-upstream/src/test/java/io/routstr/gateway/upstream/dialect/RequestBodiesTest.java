package io.routstr.gateway.upstream.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.domain.pricing.RequestShape;
import io.routstr.gateway.domain.proxy.ApiEndpoint;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a request body says about the most it can cost. */
class RequestBodiesTest {

    private static Map<String, Object> body(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    private static long promptBound(ApiEndpoint endpoint, Map<String, Object> body) {
        return RequestBodies.shape(endpoint, body).promptTokens().orElseThrow();
    }

    @Test
    void thePromptBoundIsTheBytesOfTheBody_atLeastOneTokenPerByte() {
        String text = "é".repeat(100); // 100 characters, 200 bytes
        Map<String, Object> body = body("model", "m", "messages", List.of(body("role", "user", "content", text)));

        assertThat(promptBound(ApiEndpoint.CHAT_COMPLETIONS, body)).isGreaterThanOrEqualTo(200);
    }

    /** The prompt bound's growth when a message's text is {@code text} instead of nothing: its UTF-8 bytes. */
    private static long bytesOf(String text) {
        return promptBound(ApiEndpoint.CHAT_COMPLETIONS, body("messages", List.of(body("content", text))))
                - promptBound(ApiEndpoint.CHAT_COMPLETIONS, body("messages", List.of(body("content", ""))));
    }

    @Test
    void textCountsItsUtf8Bytes_aSurrogatePairAsOneCodePoint_aLoneSurrogateAsTheReplacementItBecomes() {
        assertThat(bytesOf("a".repeat(3_000))).isEqualTo(3_000);
        assertThat(bytesOf("é".repeat(1_500))).isEqualTo(3_000);
        assertThat(bytesOf("中".repeat(1_500))).isEqualTo(4_500);
        assertThat(bytesOf("😀".repeat(700))).isEqualTo(2_800);
        // Counted a kilobyte of characters at a time: a pair split across two of them is still one code point.
        assertThat(bytesOf("a".repeat(1_023) + "😀")).isEqualTo(1_027);
        assertThat(bytesOf("\uD800")).isEqualTo(3);
        assertThat(bytesOf("\uDC00x")).isEqualTo(4);
        assertThat(bytesOf("x\uD800中")).isEqualTo(1 + 3 + 3);
    }

    @Test
    void toolDefinitionsAndResponseFormatSchemasCount() {
        Map<String, Object> plain = body("model", "m", "messages", List.of(body("role", "user", "content", "hi")));
        Map<String, Object> withTools = new LinkedHashMap<>(plain);
        String description = "x".repeat(5_000);
        withTools.put(
                "tools",
                List.of(body("type", "function", "function", body("name", "lookup", "description", description))));
        Map<String, Object> withSchema = new LinkedHashMap<>(plain);
        withSchema.put("response_format", body("type", "json_schema", "json_schema", body("description", description)));

        long base = promptBound(ApiEndpoint.CHAT_COMPLETIONS, plain);
        assertThat(promptBound(ApiEndpoint.CHAT_COMPLETIONS, withTools))
                .isGreaterThanOrEqualTo(base + 5_000 + RequestShape.TOOLS_TOKENS);
        assertThat(promptBound(ApiEndpoint.CHAT_COMPLETIONS, withSchema)).isGreaterThanOrEqualTo(base + 5_000);
    }

    @Test
    void imagesCountAtAFixedBoundWhateverTheirEncoding() {
        Map<String, Object> chat = body(
                "model",
                "m",
                "messages",
                List.of(body(
                        "role",
                        "user",
                        "content",
                        List.of(
                                body("type", "text", "text", "what is this?"),
                                body("type", "image_url", "image_url", body("url", "data:image/png;base64,AAAA"))))));
        Map<String, Object> messages = body(
                "model",
                "m",
                "max_tokens",
                10,
                "messages",
                List.of(body(
                        "role",
                        "user",
                        "content",
                        List.of(body("type", "image", "source", body("type", "url", "url", "https://x/y.png"))))));

        RequestShape chatShape = RequestBodies.shape(ApiEndpoint.CHAT_COMPLETIONS, chat);
        assertThat(chatShape.images()).isOne();
        assertThat(chatShape.promptTokens().orElseThrow()).isGreaterThanOrEqualTo(RequestShape.IMAGE_TOKENS);
        assertThat(RequestBodies.shape(ApiEndpoint.MESSAGES, messages).images()).isOne();
    }

    @Test
    void responsesInputAndInstructionsAndMessagesSystemCount() {
        String text = "y".repeat(3_000);

        assertThat(promptBound(ApiEndpoint.RESPONSES, body("model", "m", "input", text, "instructions", text)))
                .isGreaterThanOrEqualTo(6_000);
        assertThat(promptBound(
                        ApiEndpoint.MESSAGES,
                        body("model", "m", "system", text, "messages", List.of(body("role", "user", "content", text)))))
                .isGreaterThanOrEqualTo(6_000);
    }

    @Test
    void contentWhoseSizeIsNotInTheBodyLeavesThePromptToTheContext() {
        Map<String, Object> file = body(
                "model",
                "m",
                "messages",
                List.of(body("role", "user", "content", List.of(body("type", "file", "file", body("file_id", "f"))))));
        Map<String, Object> previous = body("model", "m", "input", "and then?", "previous_response_id", "resp_1");
        Map<String, Object> webSearch =
                body("model", "m", "input", "news", "tools", List.of(body("type", "web_search")));

        assertThat(RequestBodies.shape(ApiEndpoint.CHAT_COMPLETIONS, file).promptTokens())
                .isEmpty();
        assertThat(RequestBodies.shape(ApiEndpoint.RESPONSES, previous).promptTokens())
                .isEmpty();
        assertThat(RequestBodies.shape(ApiEndpoint.RESPONSES, webSearch).promptTokens())
                .isEmpty();
    }

    @Test
    void choicesAreTheLargerOfNAndBestOf() {
        assertThat(RequestBodies.shape(ApiEndpoint.CHAT_COMPLETIONS, body("model", "m", "n", 4))
                        .choices())
                .isEqualTo(4);
        assertThat(RequestBodies.shape(ApiEndpoint.COMPLETIONS, body("model", "m", "n", 2, "best_of", 5))
                        .choices())
                .isEqualTo(5);
        assertThat(RequestBodies.shape(ApiEndpoint.CHAT_COMPLETIONS, body("model", "m"))
                        .choices())
                .isOne();
    }

    @Test
    void choiceCountsMustBeWholeNumbersFromOneTo128() {
        assertThat(RequestBodies.invalidChoices(body("n", 128, "best_of", 1.0))).isEmpty();
        assertThat(RequestBodies.invalidChoices(body("n", 0)))
                .hasValueSatisfying(m -> assertThat(m).contains("'n'"));
        assertThat(RequestBodies.invalidChoices(body("best_of", 200)))
                .hasValueSatisfying(m -> assertThat(m).contains("'best_of'"));
        assertThat(RequestBodies.invalidChoices(body("n", true))).isPresent();
    }

    @Test
    void anEmbeddingGeneratesNoOutput() {
        assertThat(RequestBodies.shape(ApiEndpoint.EMBEDDINGS, body("model", "m", "input", "hello"))
                        .outputCap())
                .hasValue(0);
    }
}
