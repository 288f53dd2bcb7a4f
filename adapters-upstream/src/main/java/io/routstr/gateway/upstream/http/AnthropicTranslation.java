package io.routstr.gateway.upstream.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Anthropic Messages to and from OpenAI Chat Completions, for providers that do not speak Messages (Routstr §2.4
 * does this through litellm). Text, images and system prompts are carried over; tool use is not.
 */
final class AnthropicTranslation {

    private AnthropicTranslation() {}

    /** A Messages request as a Chat Completions request. */
    static Map<String, Object> toChatRequest(Map<String, Object> messages) {
        Map<String, Object> chat = new LinkedHashMap<>();
        chat.put("model", messages.get("model"));
        List<Map<String, Object>> out = new ArrayList<>();
        Object system = messages.get("system");
        if (system != null) {
            out.add(Map.of("role", "system", "content", text(system)));
        }
        if (messages.get("messages") instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof Map<?, ?> message) {
                    Map<String, Object> converted = new LinkedHashMap<>();
                    converted.put("role", String.valueOf(message.get("role")));
                    converted.put("content", content(message.get("content")));
                    out.add(converted);
                }
            }
        }
        chat.put("messages", out);
        copy(messages, chat, "max_tokens", "max_tokens");
        copy(messages, chat, "temperature", "temperature");
        copy(messages, chat, "top_p", "top_p");
        copy(messages, chat, "stop_sequences", "stop");
        copy(messages, chat, "stream", "stream");
        return chat;
    }

    /** A Chat Completions answer as a Messages answer. */
    static Map<String, Object> toMessagesResponse(Map<String, Object> chat, String model) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("id", "msg_" + String.valueOf(chat.getOrDefault("id", UUID.randomUUID())));
        message.put("type", "message");
        message.put("role", "assistant");
        message.put("model", model);
        String text = "";
        Object finish = null;
        if (chat.get("choices") instanceof List<?> choices
                && !choices.isEmpty()
                && choices.getFirst() instanceof Map<?, ?> choice) {
            finish = choice.get("finish_reason");
            if (choice.get("message") instanceof Map<?, ?> m && m.get("content") instanceof String s) {
                text = s;
            }
        }
        message.put("content", List.of(Map.of("type", "text", "text", text)));
        message.put("stop_reason", stopReason(finish));
        message.put("stop_sequence", null);
        message.put("usage", usage(chat.get("usage")));
        return message;
    }

    /** Anthropic's usage from OpenAI's: input excludes nothing cached here, output as counted. */
    static Map<String, Object> usage(Object openAiUsage) {
        Map<String, Object> usage = new LinkedHashMap<>();
        if (openAiUsage instanceof Map<?, ?> u) {
            usage.put("input_tokens", u.get("prompt_tokens") instanceof Number n ? n.longValue() : 0L);
            usage.put("output_tokens", u.get("completion_tokens") instanceof Number n ? n.longValue() : 0L);
        }
        return usage;
    }

    static String stopReason(Object finishReason) {
        return switch (finishReason instanceof String s ? s : "") {
            case "length" -> "max_tokens";
            case "tool_calls", "function_call" -> "tool_use";
            case "content_filter" -> "refusal";
            default -> "end_turn";
        };
    }

    /**
     * Turns a Chat Completions stream into Messages events: {@code message_start}, one text block, then
     * {@code message_delta} (stop reason and usage) and {@code message_stop} once the stream has both finished and
     * reported usage (or ended).
     */
    static final class StreamTranslator {

        private final String model;
        private boolean started;
        private Object finishReason;
        private Map<String, Object> usage;
        private boolean closed;

        StreamTranslator(String model) {
            this.model = model;
        }

        /** The Messages events for one chat chunk, each as {@code (event name, data)}. */
        List<Map.Entry<String, Map<String, Object>>> translate(Map<String, Object> chunk) {
            List<Map.Entry<String, Map<String, Object>>> events = new ArrayList<>();
            start(events, chunk);
            if (chunk.get("choices") instanceof List<?> choices
                    && !choices.isEmpty()
                    && choices.getFirst() instanceof Map<?, ?> choice) {
                if (choice.get("delta") instanceof Map<?, ?> delta
                        && delta.get("content") instanceof String text
                        && !text.isEmpty()) {
                    events.add(Map.entry(
                            "content_block_delta",
                            mapOf(
                                    "type",
                                    "content_block_delta",
                                    "index",
                                    0,
                                    "delta",
                                    mapOf("type", "text_delta", "text", text))));
                }
                if (choice.get("finish_reason") != null) {
                    finishReason = choice.get("finish_reason");
                }
            }
            if (chunk.get("usage") instanceof Map<?, ?>) {
                usage = usage(chunk.get("usage"));
            }
            if (finishReason != null && usage != null) {
                close(events);
            }
            return events;
        }

        /** The closing events when the chat stream ended without them. */
        List<Map.Entry<String, Map<String, Object>>> finish() {
            List<Map.Entry<String, Map<String, Object>>> events = new ArrayList<>();
            if (started) {
                close(events);
            }
            return events;
        }

        private void start(List<Map.Entry<String, Map<String, Object>>> events, Map<String, Object> chunk) {
            if (started) {
                return;
            }
            started = true;
            Map<String, Object> message = mapOf(
                    "id",
                    "msg_" + Optional.ofNullable(chunk.get("id")).orElse(UUID.randomUUID()),
                    "type",
                    "message",
                    "role",
                    "assistant",
                    "model",
                    model,
                    "content",
                    List.of(),
                    "stop_reason",
                    null,
                    "stop_sequence",
                    null,
                    "usage",
                    mapOf("input_tokens", 0L, "output_tokens", 0L));
            events.add(Map.entry("message_start", mapOf("type", "message_start", "message", message)));
            events.add(Map.entry(
                    "content_block_start",
                    mapOf(
                            "type",
                            "content_block_start",
                            "index",
                            0,
                            "content_block",
                            mapOf("type", "text", "text", ""))));
        }

        private void close(List<Map.Entry<String, Map<String, Object>>> events) {
            if (closed) {
                return;
            }
            closed = true;
            events.add(Map.entry("content_block_stop", mapOf("type", "content_block_stop", "index", 0)));
            Map<String, Object> delta = mapOf("stop_reason", stopReason(finishReason), "stop_sequence", null);
            Map<String, Object> messageDelta = mapOf("type", "message_delta", "delta", delta);
            if (usage != null) {
                messageDelta.put("usage", usage);
            }
            events.add(Map.entry("message_delta", messageDelta));
            events.add(Map.entry("message_stop", mapOf("type", "message_stop")));
        }
    }

    private static Object content(Object content) {
        if (!(content instanceof List<?> blocks)) {
            return content == null ? "" : content;
        }
        List<Map<String, Object>> parts = new ArrayList<>();
        for (Object block : blocks) {
            if (!(block instanceof Map<?, ?> b)) {
                continue;
            }
            if ("text".equals(b.get("type"))) {
                parts.add(mapOf("type", "text", "text", String.valueOf(b.get("text"))));
            } else if ("image".equals(b.get("type")) && b.get("source") instanceof Map<?, ?> source) {
                String url = "base64".equals(source.get("type"))
                        ? "data:" + source.get("media_type") + ";base64," + source.get("data")
                        : String.valueOf(source.get("url"));
                parts.add(mapOf("type", "image_url", "image_url", mapOf("url", url)));
            }
        }
        return parts;
    }

    private static String text(Object value) {
        if (value instanceof List<?> blocks) {
            StringBuilder text = new StringBuilder();
            for (Object block : blocks) {
                if (block instanceof Map<?, ?> b && b.get("text") instanceof String s) {
                    text.append(text.isEmpty() ? "" : "\n").append(s);
                }
            }
            return text.toString();
        }
        return String.valueOf(value);
    }

    private static void copy(Map<String, Object> from, Map<String, Object> to, String fromKey, String toKey) {
        if (from.containsKey(fromKey)) {
            to.put(toKey, from.get(fromKey));
        }
    }

    private static Map<String, Object> mapOf(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
