package io.routstr.gateway.upstream.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.routstr.gateway.application.port.out.UpstreamPort.UpstreamAnswer;
import io.routstr.gateway.domain.pricing.RequestBill;
import io.routstr.gateway.domain.proxy.ApiEndpoint;
import io.routstr.gateway.domain.usage.TokenUsage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An answer spliced in its own bytes reads, for the client, exactly as the same answer parsed whole and written again
 * ({@link JsonAnswer}): the same fields with the same values in the same order, its usage and its estimate the same;
 * an answer the splice would write differently is left to the parse.
 */
class SplicedAnswerTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};
    private static final String CLIENT_MODEL = "gpt-4o-mini";
    private static final RequestBill BILL = Bills.aBill(2_000, 3_000, TokenUsage.of(2, 3));

    /** What the node wrote before the splice: the answer parsed, its model put back to the client's, written whole. */
    private static JsonAnswer parsed(ApiEndpoint endpoint, byte[] body) throws IOException {
        Map<String, Object> json = MAPPER.readValue(body, MAP);
        ResponseDialect.putClientModel(json, CLIENT_MODEL);
        return new JsonAnswer(endpoint, body, "application/json", Optional.of(json), MAPPER);
    }

    private static Optional<UpstreamAnswer> spliced(ApiEndpoint endpoint, String body) {
        return SplicedAnswer.splicer(MAPPER).of(endpoint, bytes(body), CLIENT_MODEL);
    }

    private static byte[] bytes(String body) {
        return body.getBytes(StandardCharsets.UTF_8);
    }

    private static void assertSameAnswer(ApiEndpoint endpoint, String body) throws IOException {
        assertSameAnswer(endpoint, body, BILL);
    }

    private static void assertSameAnswer(ApiEndpoint endpoint, String body, RequestBill bill) throws IOException {
        UpstreamAnswer spliced = spliced(endpoint, body).orElseThrow();
        JsonAnswer parsed = parsed(endpoint, bytes(body));

        // Read before the bill is written: the parsed answer writes it into its own map.
        assertThat(spliced.usage()).isEqualTo(parsed.usage());
        assertThat(spliced.generatedCharacters()).isEqualTo(parsed.generatedCharacters());
        assertThat(spliced.contentType()).isEqualTo(parsed.contentType());
        Json.assertSameDocument(spliced.renderWithBill(bill), parsed.renderWithBill(bill));
    }

    @Test
    void aChatCompletionGetsTheClientsModelAndTheBill_asTheParsedAnswerDid() throws IOException {
        assertSameAnswer(ApiEndpoint.CHAT_COMPLETIONS, """
                {"id":"chatcmpl-1","object":"chat.completion","created":1733390000,"model":"openai/gpt-4o-mini-2024",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"Hello \\u00e9 \\"there\\""},
                 "finish_reason":"stop"}],
                 "usage":{"prompt_tokens":12,"completion_tokens":7,"total_tokens":19,
                 "prompt_tokens_details":{"cached_tokens":4}},"system_fingerprint":"fp_1"}
                """);
    }

    @Test
    void theUpstreamsOwnCostInItsUsageIsReplaced_andItsTotalCostRead() throws IOException {
        assertSameAnswer(ApiEndpoint.CHAT_COMPLETIONS, """
                {"model":"m","usage":{"prompt_tokens":1,"completion_tokens":2,"cost":0.0012},"total_cost":0.0012,
                 "choices":[]}""");
    }

    @Test
    void anAnswerWithoutUsageGetsTheEstimateWrittenAsUsage_andItsTextCounted() throws IOException {
        assertSameAnswer(
                ApiEndpoint.CHAT_COMPLETIONS,
                "{\"choices\":[{\"message\":{\"content\":\"twelve chars\"}}],\"model\":\"m\"}");
        assertSameAnswer(ApiEndpoint.CHAT_COMPLETIONS, "{\"choices\":[],\"usage\":null}");
    }

    @Test
    void usageBeforeTheModel_anEmptyObject_andWhitespaceAroundEverything() throws IOException {
        assertSameAnswer(ApiEndpoint.CHAT_COMPLETIONS, "{\"usage\":{\"prompt_tokens\":3},\"model\":\"m\"}");
        assertSameAnswer(ApiEndpoint.CHAT_COMPLETIONS, "{}");
        // A usage object with a repeated key is written from its map, which keeps one.
        assertSameAnswer(
                ApiEndpoint.CHAT_COMPLETIONS,
                "{\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":2,\"prompt_tokens\":3},\"model\":\"m\"}");
        assertSameAnswer(ApiEndpoint.CHAT_COMPLETIONS, "  {\n  \"model\" : \"m\" ,\n  \"usage\" : { } \n}\n\n");
    }

    @Test
    void aResponsesAnswerAndAMessagesAnswerKeepTheirOwnUsageShapes() throws IOException {
        assertSameAnswer(ApiEndpoint.RESPONSES, """
                {"id":"resp_1","object":"response","model":"m","output":[{"type":"message",
                 "content":[{"type":"output_text","text":"hi"}]}],
                 "usage":{"input_tokens":5,"output_tokens":2,"total_tokens":7,
                 "input_tokens_details":{"cached_tokens":0}}}""");
        assertSameAnswer(ApiEndpoint.MESSAGES, """
                {"id":"msg_1","type":"message","role":"assistant","model":"claude",
                 "content":[{"type":"text","text":"hi"}],"usage":{"input_tokens":5,"output_tokens":2,
                 "cache_read_input_tokens":1}}""");
    }

    @Test
    void aPaymentWithoutABalance_anXCashuOne_hasNoRemainingBalanceWrittenIn() throws IOException {
        RequestBill withoutBalance = new RequestBill(
                BILL.cost(), BILL.charged(), Optional.empty(), "openai", BILL.usage(), BILL.shortfall());

        assertSameAnswer(
                ApiEndpoint.CHAT_COMPLETIONS,
                "{\"model\":\"m\",\"usage\":{\"prompt_tokens\":2,\"completion_tokens\":3}}",
                withoutBalance);
        assertSameAnswer(ApiEndpoint.CHAT_COMPLETIONS, "{\"model\":\"m\"}", withoutBalance);
    }

    @Test
    void theUpstreamsUsageKeepsItsOwnSpelling_theBillAddedBeforeItsClosingBrace() {
        String body = "{\"usage\":{\"prompt_tokens\" : 2,\"x\":1.0e1}}";

        String rendered = new String(
                spliced(ApiEndpoint.CHAT_COMPLETIONS, body).orElseThrow().renderWithBill(BILL), StandardCharsets.UTF_8);

        assertThat(rendered).startsWith("{\"usage\":{\"prompt_tokens\" : 2,\"x\":1.0e1,\"cost\":{\"base_msats\":0,");
        assertThat(rendered)
                .contains("\"cost_sats\":5,\"remaining_balance_msats\":1000000},\"cost\":{\"base_msats\":0,");
    }

    @Test
    void theUntouchedValuesKeepTheUpstreamsSpelling() {
        String body = "{\"model\":\"provider/m\",\"logprob\":-1.50e-3,\"text\":\"caf\\u00e9\",\"usage\":{}}";

        String rendered = new String(
                spliced(ApiEndpoint.CHAT_COMPLETIONS, body).orElseThrow().renderWithBill(BILL), StandardCharsets.UTF_8);

        assertThat(rendered).startsWith("{\"model\":\"gpt-4o-mini\",\"logprob\":-1.50e-3,\"text\":\"caf\\u00e9\",");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "[1,2]", // not an object: passed on as it came
                "\"text\"",
                "{\"model\":\"m\"", // not valid JSON
                "{\"model\":\"a\",\"model\":\"b\"}", // a map keeps the last value at the first place
                "{\"cost\":1,\"model\":\"m\"}", // replaced in place
                "{\"provider\":\"x\"}",
                "{\"response\":{\"model\":\"m\"}}", // a nested model, and a Responses event's usage
                "{\"message\":{\"model\":\"m\"}}",
                "{\"model\":\"m\"} trailing" // a map drops it
            })
    void anAnswerTheSpliceWouldWriteDifferentlyIsLeftToTheParse(String body) {
        assertThat(spliced(ApiEndpoint.CHAT_COMPLETIONS, body)).isEmpty();
    }

    @Test
    void anAnswerInUtf16OrWithAByteOrderMarkIsLeftToTheParse() {
        String body = "{\"model\":\"m\",\"usage\":{\"prompt_tokens\":1}}";

        assertThat(SplicedAnswer.splicer(MAPPER)
                        .of(ApiEndpoint.CHAT_COMPLETIONS, body.getBytes(StandardCharsets.UTF_16LE), CLIENT_MODEL))
                .isEmpty();
        assertThat(SplicedAnswer.splicer(MAPPER).of(ApiEndpoint.CHAT_COMPLETIONS, bytes("\uFEFF" + body), CLIENT_MODEL))
                .isEmpty();
    }

    @Property(tries = 300)
    void anyAnswerSplicedReadsAsTheParsedOne(@ForAll("answers") String body) throws IOException {
        assertSameAnswer(ApiEndpoint.CHAT_COMPLETIONS, body);
    }

    @Provide
    Arbitrary<String> answers() {
        Arbitrary<Object> scalar = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(12).map(s -> (Object) s),
                Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.doubles().map(d -> (Object) d),
                Arbitraries.of(true, false).map(b -> (Object) b));
        Arbitrary<Object> usage = Arbitraries.maps(
                        Arbitraries.of("prompt_tokens", "completion_tokens", "total_tokens", "cost", "extra"),
                        Arbitraries.longs().between(0, 100_000).map(l -> (Object) l))
                .map(m -> (Object) m);
        Arbitrary<String> otherName = Arbitraries.of("id", "object", "created", "choices", "system_fingerprint", "x");
        Arbitrary<Map<String, Object>> fields = Arbitraries.maps(
                        Arbitraries.oneOf(otherName, Arbitraries.of("model", "usage", "total_cost")), scalar)
                .ofMaxSize(6);
        return fields.flatMap(map -> usage.map(u -> {
            Map<String, Object> answer = new LinkedHashMap<>(map);
            if (answer.containsKey("usage")) {
                answer.put("usage", u);
            }
            if (answer.get("total_cost") != null && !(answer.get("total_cost") instanceof Number)) {
                answer.put("total_cost", 0.5);
            }
            try {
                return MAPPER.writeValueAsString(answer);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }));
    }
}
