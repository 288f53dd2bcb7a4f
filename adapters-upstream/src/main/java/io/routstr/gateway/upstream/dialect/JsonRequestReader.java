package io.routstr.gateway.upstream.dialect;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.routstr.gateway.application.port.out.LlmRequestReaderPort;
import io.routstr.gateway.domain.proxy.ApiEndpoint;
import io.routstr.gateway.domain.proxy.LlmRequest;
import io.routstr.gateway.domain.proxy.ModelId;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a client's OpenAI- or Anthropic-shaped JSON body once: its model, stream flag, cost bound facts
 * ({@link RequestBodies}) and the body itself as the payload the upstream adapter sends on.
 */
public final class JsonRequestReader implements LlmRequestReaderPort {

    private static final TypeReference<LinkedHashMap<String, Object>> JSON_OBJECT = new TypeReference<>() {};

    private final ObjectMapper mapper;

    public JsonRequestReader(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public RequestRead read(ApiEndpoint endpoint, byte[] body) {
        Map<String, Object> json;
        try {
            json = mapper.readValue(body, JSON_OBJECT);
        } catch (IOException e) {
            return new RequestRead.NotJson();
        }
        if (json == null) {
            return new RequestRead.NotJson();
        }
        Optional<String> model = RequestBodies.model(endpoint, json);
        if (model.isEmpty()) {
            return new RequestRead.Invalid("The request body has no 'model'");
        }
        Optional<String> invalidChoices = RequestBodies.invalidChoices(json);
        if (invalidChoices.isPresent()) {
            return new RequestRead.Invalid(invalidChoices.get());
        }
        return new RequestRead.Parsed(new LlmRequest(
                endpoint,
                ModelId.of(model.get()),
                Boolean.TRUE.equals(json.get("stream")),
                RequestBodies.shape(endpoint, json),
                RequestBodies.promptCharacters(json),
                new JsonPayload(json, RequestBodies.clientWantsUsage(json))));
    }
}
