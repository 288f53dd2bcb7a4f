package io.routstr.gateway.application.fake;

import io.routstr.gateway.application.port.out.LlmRequestReaderPort;
import io.routstr.gateway.domain.pricing.RequestShape;
import io.routstr.gateway.domain.proxy.ApiEndpoint;
import io.routstr.gateway.domain.proxy.LlmRequest;
import io.routstr.gateway.domain.proxy.ModelId;
import io.routstr.gateway.domain.proxy.UpstreamPayload;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A request reader for tests that speaks no JSON: a body is the model's name, then optionally {@code stream} and
 * {@code n=K} (the completions asked for, 1 to {@value #MAX_CHOICES} as the real reader allows), separated by spaces;
 * {@code "!"} is not JSON and a blank body names no model. {@link #request} builds the request a real reader would
 * make of a short chat.
 */
public final class FakeLlmRequests implements LlmRequestReaderPort {

    /** The bound facts of a one-message chat ({@code "hi"}), about as many prompt tokens as its body has bytes. */
    public static final RequestShape SHORT_CHAT = RequestShape.UNKNOWN.withPromptTokens(70);

    /** The body that is not JSON. */
    public static final String NOT_JSON = "!";

    /** The most completions one request may ask for. */
    public static final long MAX_CHOICES = 128;

    @Override
    public RequestRead read(ApiEndpoint endpoint, Optional<String> contentType, byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        if (text.equals(NOT_JSON)) {
            return new RequestRead.NotJson();
        }
        if (text.isBlank()) {
            return new RequestRead.Invalid("The request body has no 'model'");
        }
        String[] words = text.strip().split("\\s+");
        boolean stream = false;
        long choices = 1;
        for (int i = 1; i < words.length; i++) {
            if (words[i].equals("stream")) {
                stream = true;
            } else if (words[i].startsWith("n=")) {
                choices = Long.parseLong(words[i].substring("n=".length()));
                if (choices < 1 || choices > MAX_CHOICES) {
                    return new RequestRead.Invalid("'n' must be a whole number from 1 to " + MAX_CHOICES);
                }
            } else {
                throw new IllegalArgumentException("the fake reads a model, 'stream' and 'n=K': " + words[i]);
            }
        }
        return new RequestRead.Parsed(request(endpoint, words[0], stream, SHORT_CHAT.withChoices(choices)));
    }

    /** A request for {@code model} of {@code shape}, with a two-character prompt. */
    public static LlmRequest request(ApiEndpoint endpoint, String model, boolean stream, RequestShape shape) {
        return new LlmRequest(endpoint, ModelId.of(model), stream, shape, 2, new Payload(model));
    }

    /** A chat for {@code model}. */
    public static LlmRequest chat(String model, boolean stream) {
        return request(ApiEndpoint.CHAT_COMPLETIONS, model, stream, SHORT_CHAT);
    }

    /** The body the fake's requests carry: only its model. */
    public record Payload(String model) implements UpstreamPayload {}
}
