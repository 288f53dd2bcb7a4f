package io.routstr.gateway.upstream.dialect;

import io.routstr.gateway.domain.pricing.RequestShape;
import io.routstr.gateway.domain.proxy.ApiEndpoint;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads what billing needs from a client's request body: the model, a bound on the prompt, the output caps and the
 * number of choices.
 */
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

    /** The most choices ({@code n}, {@code best_of}) a request may ask for: OpenAI's own limit on {@code n}. */
    static final int MAX_CHOICES = 128;

    /** Top-level fields that pull into the prompt what the body does not carry: stored or fetched content. */
    private static final Set<String> UNSIZED_FIELDS =
            Set.of("previous_response_id", "conversation", "mcp_servers", "container", "plugins", "web_search_options");

    /** Content parts priced per image rather than by their bytes (Chat, Responses, Messages). */
    private static final Set<String> IMAGE_PARTS = Set.of("image_url", "input_image", "image", "image_generation_call");

    /** Content parts whose tokens do not follow from the body: files, audio, video, references to stored items. */
    private static final Set<String> UNSIZED_PARTS = Set.of(
            "file",
            "input_file",
            "input_audio",
            "audio",
            "document",
            "video_url",
            "item_reference",
            "container_upload");

    /** Tool types an upstream runs itself, feeding what they find into the prompt. */
    private static final Set<String> CLIENT_TOOLS = Set.of("function", "custom");

    /**
     * Why the body's {@code n} or {@code best_of} is unacceptable, if it is: each, when present, must be a whole
     * number from 1 to {@link #MAX_CHOICES}, so that the reservation covers every choice.
     */
    static Optional<String> invalidChoices(Map<String, Object> body) {
        for (String field : List.of("n", "best_of")) {
            Object value = body.get(field);
            if (value != null && wholeIn(value, 1, MAX_CHOICES).isEmpty()) {
                return Optional.of("'" + field + "' must be a whole number from 1 to " + MAX_CHOICES);
            }
        }
        return Optional.empty();
    }

    /**
     * What bounds the request's cost: an upper bound on its prompt tokens (see {@link RequestShape} for the rule),
     * its output caps, its choices ({@code n} or {@code best_of}, whichever is larger: the upstream generates and
     * bills every {@code best_of} candidate) and its images. The choices must have passed {@link #invalidChoices}.
     */
    static RequestShape shape(ApiEndpoint endpoint, Map<String, Object> body) {
        PromptSize size = new PromptSize(endpoint);
        size.measureBody(body);
        long choices = Math.max(
                wholeIn(body.get("n"), 1, MAX_CHOICES).orElse(1L),
                wholeIn(body.get("best_of"), 1, MAX_CHOICES).orElse(1L));
        RequestShape shape = RequestShape.UNKNOWN.withChoices(choices).withImages(size.images);
        if (!size.unsized) {
            shape = shape.withPromptTokens(size.tokens());
        }
        if (endpoint == ApiEndpoint.EMBEDDINGS) {
            // An embedding generates no tokens: its cost is its input.
            return shape.withMaxTokens(0);
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

    /**
     * Characters of {@code value} written as compact JSON: a generated tool call's arguments or a tool-use block's
     * input, counted like text when an answer reports no usage.
     */
    static long jsonCharacters(Object value) {
        return switch (value) {
            case null -> 4;
            case String s -> s.codePointCount(0, s.length()) + 2;
            case List<?> list ->
                1 + list.stream().mapToLong(v -> jsonCharacters(v) + 1).sum();
            case Map<?, ?> map ->
                1
                        + map.entrySet().stream()
                                .mapToLong(e -> jsonCharacters(String.valueOf(e.getKey()))
                                        + 1
                                        + jsonCharacters(e.getValue())
                                        + 1)
                                .sum();
            default -> String.valueOf(value).length();
        };
    }

    /** The bytes of a body as the upstream reads it, with images counted apart and unsized parts noticed. */
    private static final class PromptSize {
        private final ApiEndpoint endpoint;
        private long bytes;
        private long images;
        private boolean tools;
        private boolean unsized;
        /** Where text is copied to be counted, a kilobyte of characters at a time ({@link #utf8Bytes}). */
        private char[] chunk;

        PromptSize(ApiEndpoint endpoint) {
            this.endpoint = endpoint;
        }

        void measureBody(Map<String, Object> body) {
            bytes += 2;
            for (Map.Entry<String, Object> field : body.entrySet()) {
                Object value = field.getValue();
                if (value == null || Boolean.FALSE.equals(value)) {
                    continue;
                }
                String name = field.getKey();
                if (UNSIZED_FIELDS.contains(name)
                        // A stored prompt template of the Responses API; legacy Completions' 'prompt' is text.
                        || (endpoint == ApiEndpoint.RESPONSES && name.equals("prompt") && value instanceof Map<?, ?>)) {
                    unsized = true;
                }
                if ((name.equals("tools") || name.equals("functions")) && value instanceof List<?> list) {
                    tools |= !list.isEmpty();
                    list.forEach(this::checkTool);
                }
                bytes += utf8Bytes(name) + 4;
                measure(value);
            }
        }

        private void checkTool(Object tool) {
            if (tool instanceof Map<?, ?> map
                    && map.get("type") instanceof String type
                    && !CLIENT_TOOLS.contains(type)) {
                // Web search, file search, MCP, code interpreter, computer use: the upstream adds what they return.
                unsized = true;
            }
        }

        private void measure(Object value) {
            switch (value) {
                case null -> bytes += 4;
                case String s -> bytes += utf8Bytes(s) + 2;
                case List<?> list -> {
                    bytes += 2;
                    for (Object item : list) {
                        measure(item);
                        bytes += 1;
                    }
                }
                case Map<?, ?> map -> {
                    if (map.get("type") instanceof String type && IMAGE_PARTS.contains(type)) {
                        images++;
                        return;
                    }
                    if (map.get("type") instanceof String type && UNSIZED_PARTS.contains(type)) {
                        unsized = true;
                    }
                    bytes += 2;
                    for (Map.Entry<?, ?> entry : map.entrySet()) {
                        bytes += utf8Bytes(String.valueOf(entry.getKey())) + 4;
                        measure(entry.getValue());
                    }
                }
                default -> bytes += String.valueOf(value).length();
            }
        }

        long tokens() {
            long total = bytes;
            total = Math.addExact(total, Math.multiplyExact(images, RequestShape.IMAGE_TOKENS));
            return tools ? Math.addExact(total, RequestShape.TOOLS_TOKENS) : total;
        }

        /**
         * The bytes {@code text} takes in UTF-8. Copied out a kilobyte at a time and counted in the copy: a loop of
         * {@code charAt} over a long string ran at about 1.8 ns a character and was 60 % of reading a 45 kB
         * conversation (docs/benchmarks.md, session 25); over a {@code char[]} it runs at about 0.2.
         */
        private long utf8Bytes(String text) {
            int length = text.length();
            long count = length;
            if (chunk == null || (chunk.length < length && chunk.length < 1024)) {
                // As long as the longest text so far, up to a kilobyte: a short body's texts need no more.
                chunk = new char[Math.min(Math.max(length, 64), 1024)];
            }
            for (int from = 0; from < length; from += chunk.length) {
                int size = Math.min(chunk.length, length - from);
                text.getChars(from, from + size, chunk, 0);
                for (int i = 0; i < size; i++) {
                    char c = chunk[i];
                    if (c >= 0x80) {
                        count += bytesBeyondOne(text, from + i, c);
                    }
                }
            }
            return count;
        }

        /**
         * The bytes beyond one that UTF-8 takes for the character {@code c} at {@code index}: a surrogate of a pair
         * one (the pair is one code point of four bytes), a lone surrogate two (it reaches a tokenizer as U+FFFD).
         */
        private static int bytesBeyondOne(String text, int index, char c) {
            if (c < 0x800) {
                return 1;
            }
            if (!Character.isSurrogate(c)) {
                return 2;
            }
            boolean paired = Character.isHighSurrogate(c)
                    ? index + 1 < text.length() && Character.isLowSurrogate(text.charAt(index + 1))
                    : index > 0 && Character.isHighSurrogate(text.charAt(index - 1));
            return paired ? 1 : 2;
        }
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

    /** {@code value} when it is a whole number within {@code [min, max]}. */
    private static Optional<Long> wholeIn(Object value, long min, long max) {
        if (value instanceof Number n) {
            double d = n.doubleValue();
            if (d >= min && d <= max && d == Math.rint(d)) {
                return Optional.of(n.longValue());
            }
        }
        return Optional.empty();
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
