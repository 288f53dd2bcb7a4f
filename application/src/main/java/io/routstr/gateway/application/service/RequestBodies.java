package io.routstr.gateway.application.service;

import io.routstr.gateway.domain.pricing.RequestShape;
import io.routstr.gateway.domain.proxy.ApiEndpoint;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads what billing needs from a client's request body: the model, the prompt size and the output caps. */
final class RequestBodies {

    private RequestBodies() {}

    /** {@code model}, or for the Responses API also {@code input.model} (Routstr §2.4). */
    static Optional<String> model(ApiEndpoint endpoint, Map<String, Object> body) {
        if (body.get("model") instanceof String model && !model.isBlank()) {
            return Optional.of(model.strip());
        }
        if (endpoint == ApiEndpoint.RESPONSES
                && body.get("input") instanceof Map<?, ?> input
                && input.get("model") instanceof String model
                && !model.isBlank()) {
            return Optional.of(model.strip());
        }
        return Optional.empty();
    }

    /** Whether a streaming client asked for the usage chunk itself ({@code stream_options.include_usage}). */
    static boolean clientWantsUsage(Map<String, Object> body) {
        return body.get("stream_options") instanceof Map<?, ?> options
                && Boolean.TRUE.equals(options.get("include_usage"));
    }

    /** The prompt estimate (one token per three characters of text) and whichever output caps the body sets. */
    static RequestShape shape(Map<String, Object> body) {
        RequestShape shape = RequestShape.UNKNOWN;
        long characters = promptCharacters(body);
        if (characters > 0) {
            shape = shape.withPromptTokens(RequestShape.promptTokensForCharacters(characters));
        }
        Optional<Long> maxTokens = positiveWhole(body.get("max_tokens"));
        if (maxTokens.isPresent()) {
            shape = shape.withMaxTokens(maxTokens.get());
        }
        Optional<Long> maxCompletion = positiveWhole(body.get("max_completion_tokens"));
        if (maxCompletion.isPresent()) {
            shape = shape.withMaxCompletionTokens(maxCompletion.get());
        }
        Optional<Long> maxOutput = positiveWhole(body.get("max_output_tokens"));
        if (maxOutput.isPresent()) {
            shape = shape.withMaxOutputTokens(maxOutput.get());
        }
        return shape;
    }

    /** Characters of text in the prompt: messages, system, prompt, input and instructions, in every dialect. */
    static long promptCharacters(Map<String, Object> body) {
        long total = 0;
        total += textCharacters(body.get("messages"));
        total += textCharacters(body.get("system"));
        total += textCharacters(body.get("prompt"));
        total += textCharacters(body.get("input"));
        total += textCharacters(body.get("instructions"));
        return total;
    }

    /** Characters in strings and in the {@code content} and {@code text} fields of nested objects and lists. */
    static long textCharacters(Object value) {
        return switch (value) {
            case null -> 0;
            case String s -> s.codePointCount(0, s.length());
            case List<?> list ->
                list.stream().mapToLong(RequestBodies::textCharacters).sum();
            case Map<?, ?> map -> textCharacters(map.get("content")) + textCharacters(map.get("text"));
            default -> 0;
        };
    }

    private static Optional<Long> positiveWhole(Object value) {
        if (value instanceof Number n) {
            double d = n.doubleValue();
            if (d >= 1 && d == Math.rint(d) && d < Long.MAX_VALUE) {
                return Optional.of(n.longValue());
            }
        }
        return Optional.empty();
    }
}
