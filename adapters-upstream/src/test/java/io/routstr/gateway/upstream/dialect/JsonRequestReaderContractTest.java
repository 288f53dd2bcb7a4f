package io.routstr.gateway.upstream.dialect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.routstr.gateway.application.contract.LlmRequestReaderContract;
import io.routstr.gateway.application.port.out.LlmRequestReaderPort;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

class JsonRequestReaderContractTest extends LlmRequestReaderContract {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Override
    protected LlmRequestReaderPort reader() {
        return new JsonRequestReader(MAPPER);
    }

    @Override
    protected byte[] chat(String model, boolean stream) {
        Map<String, Object> body = chat();
        body.put("model", model);
        body.put("stream", stream);
        return json(body);
    }

    @Override
    protected byte[] chatAskingFor(String model, long n) {
        Map<String, Object> body = chat();
        body.put("model", model);
        body.put("n", n);
        return json(body);
    }

    @Override
    protected byte[] chatWithoutModel() {
        return json(chat());
    }

    @Override
    protected byte[] notJson() {
        return "model: gpt-4o-mini".getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, Object> chat() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("messages", List.of(Map.of("role", "user", "content", "hi")));
        return body;
    }

    private static byte[] json(Map<String, Object> body) {
        try {
            return MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
