package io.routstr.gateway.upstream.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.routstr.gateway.application.port.out.LlmRequestReaderPort.RequestRead;
import io.routstr.gateway.domain.proxy.ApiEndpoint;
import io.routstr.gateway.domain.proxy.LlmRequest;
import io.routstr.gateway.domain.proxy.ModelId;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A client's body, read once into what billing needs and the payload sent on. */
class JsonRequestReaderTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final JsonRequestReader reader = new JsonRequestReader(MAPPER);

    private static Map<String, Object> chat() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", " m ");
        body.put("messages", List.of(Map.of("role", "user", "content", "hi")));
        return body;
    }

    private RequestRead read(ApiEndpoint endpoint, Object body) {
        try {
            return reader.read(endpoint, MAPPER.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aChatIsReadIntoItsModelStreamFlagShapeAndPromptCharacters_withTheBodyKeptAsItsPayload() {
        Map<String, Object> body = chat();
        body.put("stream", true);
        body.put("stream_options", Map.of("include_usage", true));

        RequestRead read = read(ApiEndpoint.CHAT_COMPLETIONS, body);

        assertThat(read).isInstanceOfSatisfying(RequestRead.Parsed.class, parsed -> {
            LlmRequest request = parsed.request();
            assertThat(request.model()).isEqualTo(new ModelId("m"));
            assertThat(request.stream()).isTrue();
            assertThat(request.promptCharacters()).isEqualTo(2);
            assertThat(request.shape()).isEqualTo(RequestBodies.shape(ApiEndpoint.CHAT_COMPLETIONS, body));
            assertThat(JsonPayload.of(request.payload()).clientWantsUsage()).isTrue();
            assertThat(JsonPayload.of(request.payload()).body()).containsEntry("model", " m ");
        });
    }

    @Test
    void whatIsNotAJsonObjectIsNotJson() {
        for (String body : List.of("nope", "[1]", "\"m\"", "null", "")) {
            assertThat(reader.read(ApiEndpoint.CHAT_COMPLETIONS, body.getBytes(StandardCharsets.UTF_8)))
                    .as(body)
                    .isInstanceOf(RequestRead.NotJson.class);
        }
    }

    @Test
    void anObjectWithoutAModelIsInvalid() {
        assertThat(read(ApiEndpoint.CHAT_COMPLETIONS, Map.of("messages", List.of())))
                .isInstanceOfSatisfying(
                        RequestRead.Invalid.class,
                        invalid -> assertThat(invalid.message()).contains("'model'"));
    }

    @Test
    void invalidChoiceCountsAreInvalid() {
        for (Object n : List.of(0, -1, 1.5, "2", 129)) {
            Map<String, Object> body = chat();
            body.put("n", n);

            assertThat(read(ApiEndpoint.CHAT_COMPLETIONS, body))
                    .as("n = %s", n)
                    .isInstanceOfSatisfying(
                            RequestRead.Invalid.class,
                            invalid -> assertThat(invalid.message()).contains("'n'"));
        }
    }
}
