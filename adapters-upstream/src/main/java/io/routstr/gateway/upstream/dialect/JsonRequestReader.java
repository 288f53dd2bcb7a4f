package io.routstr.gateway.upstream.dialect;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.routstr.gateway.application.port.out.LlmRequestReaderPort;
import io.routstr.gateway.domain.pricing.RequestShape;
import io.routstr.gateway.domain.proxy.ApiEndpoint;
import io.routstr.gateway.domain.proxy.LlmRequest;
import io.routstr.gateway.domain.proxy.ModelId;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a client's OpenAI- or Anthropic-shaped JSON body once: its model, stream flag, cost bound facts
 * ({@link RequestBodies}) and the body itself as the payload the upstream adapter sends on. A
 * {@code multipart/form-data} upload to an endpoint billed per request (audio transcription, image edits) is read for
 * its {@code model} field only and travels as the bytes it came in ({@link MultipartPayload}).
 */
public final class JsonRequestReader implements LlmRequestReaderPort {

    private final ObjectMapper mapper;
    /**
     * Reads the body's values one by one, as a map's are read; built once: {@code readValue} with a type resolves the
     * type again on every call.
     */
    private final ObjectReader values;

    public JsonRequestReader(ObjectMapper mapper) {
        this.mapper = mapper;
        this.values = mapper.readerFor(Object.class);
    }

    @Override
    public RequestRead read(ApiEndpoint endpoint, Optional<String> contentType, byte[] body) {
        if (endpoint.billedPerRequest() && contentType.isPresent() && MultipartForm.isForm(contentType.get())) {
            return readForm(endpoint, contentType.get(), body);
        }
        ObjectBytes.Read read;
        try {
            Optional<ObjectBytes.Read> object = ObjectBytes.read(body, mapper, values);
            if (object.isEmpty()) {
                return new RequestRead.NotJson();
            }
            read = object.get();
        } catch (IOException e) {
            return new RequestRead.NotJson();
        }
        Map<String, Object> json = read.json();
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
                new JsonPayload(json, RequestBodies.clientWantsUsage(json), read.bytes())));
    }

    private static RequestRead readForm(ApiEndpoint endpoint, String contentType, byte[] body) {
        Optional<String> boundary = MultipartForm.boundary(contentType);
        if (boundary.isEmpty()) {
            return new RequestRead.Invalid("The multipart request has no boundary in its Content-Type");
        }
        Optional<MultipartForm.Span> model = MultipartForm.field(body, boundary.get(), "model");
        String name = model.map(span -> new String(body, span.start(), span.end() - span.start(), UTF_8))
                .orElse("")
                .strip();
        if (name.isEmpty()) {
            return new RequestRead.Invalid("The multipart request has no 'model' field");
        }
        // Nothing in an upload says what it costs in tokens: it is billed per request (ApiEndpoint.billedPerRequest).
        return new RequestRead.Parsed(new LlmRequest(
                endpoint,
                ModelId.of(name),
                false,
                RequestShape.UNKNOWN,
                0,
                new MultipartPayload(
                        body, contentType, model.get().start(), model.get().end())));
    }
}
