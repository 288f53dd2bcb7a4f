package io.routstr.gateway.upstream.dialect;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.domain.pricing.RequestBill;
import io.routstr.gateway.domain.pricing.RequestCost;
import io.routstr.gateway.domain.proxy.ApiEndpoint;
import io.routstr.gateway.domain.usage.TokenUsage;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where usage and text sit in an endpoint's answers and stream events, and how the bill is written back into them
 * (Routstr §4.7, §4.9). Chat Completions, legacy Completions and unknown endpoints share the OpenAI chunk shape; the
 * Responses API reports usage in {@code response.completed}; Anthropic Messages in {@code message_start} and
 * {@code message_delta}.
 */
public final class ResponseDialect {

    private final ApiEndpoint endpoint;

    ResponseDialect(ApiEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    /**
     * The objects inside an answer or event that carry a model of their own besides the top level's: a Responses
     * event's {@code response}, Anthropic's {@code message_start} {@code message}.
     */
    static final List<String> NESTED_MODEL_HOLDERS = List.of("response", "message");

    /** Puts the client's model id in place of the provider's, wherever the dialects put it. */
    @SuppressWarnings("unchecked")
    public static void putClientModel(Map<String, Object> json, String clientModel) {
        if (json.containsKey("model")) {
            json.put("model", clientModel);
        }
        for (String nested : NESTED_MODEL_HOLDERS) {
            if (json.get(nested) instanceof Map<?, ?> inner && inner.containsKey("model")) {
                ((Map<String, Object>) inner).put("model", clientModel);
            }
        }
    }

    // --- streams

    /** The usage object an event carries, if any. */
    Optional<Map<String, Object>> eventUsage(Map<String, Object> event) {
        return switch (endpoint) {
            case RESPONSES ->
                isResponsesFinal(event)
                        ? map(map(event.get("response")).orElse(Map.of()).get("usage"))
                        : Optional.empty();
            case MESSAGES -> {
                if ("message_start".equals(event.get("type"))) {
                    yield map(map(event.get("message")).orElse(Map.of()).get("usage"));
                }
                yield "message_delta".equals(event.get("type")) ? map(event.get("usage")) : Optional.empty();
            }
            default -> map(event.get("usage"));
        };
    }

    /** Whether this event completes the upstream's usage report, so that draining can stop. */
    boolean completesUsage(Map<String, Object> event) {
        return switch (endpoint) {
            case RESPONSES -> isResponsesFinal(event);
            case MESSAGES -> "message_delta".equals(event.get("type"));
            default -> event.get("usage") instanceof Map<?, ?>;
        };
    }

    /** A chunk that only reports usage ({@code choices: []}): withheld and replaced by the billed one. */
    boolean isUsageOnly(Map<String, Object> event) {
        return switch (endpoint) {
            case RESPONSES, MESSAGES -> false;
            default ->
                event.get("usage") instanceof Map<?, ?>
                        && (!(event.get("choices") instanceof List<?> choices) || choices.isEmpty());
        };
    }

    /** The event the bill is written into: held back until the stream has ended and the request is settled. */
    boolean isFinal(Map<String, Object> event) {
        return switch (endpoint) {
            case RESPONSES -> isResponsesFinal(event);
            case MESSAGES -> "message_delta".equals(event.get("type"));
            default ->
                event.get("choices") instanceof List<?> choices
                        && choices.stream().anyMatch(c -> c instanceof Map<?, ?> m && m.get("finish_reason") != null);
        };
    }

    /** Characters of generated text in one event. */
    long eventTextCharacters(Map<String, Object> event) {
        return switch (endpoint) {
            case RESPONSES ->
                event.get("type") instanceof String type && type.endsWith(".delta")
                        ? RequestBodies.textCharacters(event.get("delta"))
                        : 0;
            case MESSAGES ->
                "content_block_delta".equals(event.get("type"))
                        ? map(event.get("delta"))
                                .map(d -> RequestBodies.textCharacters(d.get("text"))
                                        + RequestBodies.textCharacters(d.get("thinking"))
                                        + RequestBodies.textCharacters(d.get("partial_json")))
                                .orElse(0L)
                        : 0;
            default -> choicesText(event, "delta");
        };
    }

    private static boolean isResponsesFinal(Map<String, Object> event) {
        return "response.completed".equals(event.get("type")) || "response.incomplete".equals(event.get("type"));
    }

    // --- whole answers

    /**
     * Characters of generated text in a whole answer: text, reasoning text and tool calls (their names and
     * arguments), all of which the upstream bills as output.
     */
    long answerTextCharacters(Map<String, Object> answer) {
        return switch (endpoint) {
            case RESPONSES -> responsesOutputCharacters(answer.get("output"));
            case MESSAGES -> messagesContentCharacters(answer.get("content"));
            default -> choicesText(answer, "message");
        };
    }

    /** Output items: messages' text, function calls' names and arguments, reasoning summaries and text. */
    private static long responsesOutputCharacters(Object output) {
        if (!(output instanceof List<?> items)) {
            return RequestBodies.textCharacters(output);
        }
        long total = 0;
        for (Object item : items) {
            total += RequestBodies.textCharacters(item);
            if (item instanceof Map<?, ?> m) {
                total += RequestBodies.textCharacters(m.get("name"))
                        + RequestBodies.textCharacters(m.get("arguments"))
                        + RequestBodies.textCharacters(m.get("input"))
                        + RequestBodies.textCharacters(m.get("summary"));
            }
        }
        return total;
    }

    /** Content blocks: text, thinking, and tool uses (their names and inputs as JSON). */
    private static long messagesContentCharacters(Object content) {
        if (!(content instanceof List<?> blocks)) {
            return RequestBodies.textCharacters(content);
        }
        long total = 0;
        for (Object block : blocks) {
            total += RequestBodies.textCharacters(block);
            if (block instanceof Map<?, ?> m) {
                total += RequestBodies.textCharacters(m.get("thinking"));
                if (m.get("input") != null) {
                    total += RequestBodies.textCharacters(m.get("name")) + RequestBodies.jsonCharacters(m.get("input"));
                }
            }
        }
        return total;
    }

    private static long choicesText(Map<String, Object> body, String part) {
        if (!(body.get("choices") instanceof List<?> choices)) {
            return 0;
        }
        long total = 0;
        for (Object choice : choices) {
            if (choice instanceof Map<?, ?> c) {
                total += RequestBodies.textCharacters(c.get("text"));
                if (c.get(part) instanceof Map<?, ?> m) {
                    total += RequestBodies.textCharacters(m.get("content"))
                            + RequestBodies.textCharacters(m.get("refusal"))
                            + RequestBodies.textCharacters(m.get("reasoning"))
                            + RequestBodies.textCharacters(m.get("reasoning_content"))
                            + toolCallCharacters(m.get("tool_calls"))
                            + functionCharacters(m.get("function_call"));
                }
            }
        }
        return total;
    }

    /** Names and arguments of tool calls, whole or as stream deltas ({@code tool_calls[].function}). */
    private static long toolCallCharacters(Object toolCalls) {
        if (!(toolCalls instanceof List<?> calls)) {
            return 0;
        }
        long total = 0;
        for (Object call : calls) {
            if (call instanceof Map<?, ?> m) {
                total += functionCharacters(m.get("function")) + functionCharacters(m.get("custom"));
            }
        }
        return total;
    }

    private static long functionCharacters(Object function) {
        if (!(function instanceof Map<?, ?> f)) {
            return 0;
        }
        return RequestBodies.textCharacters(f.get("name"))
                + RequestBodies.textCharacters(f.get("arguments"))
                + RequestBodies.textCharacters(f.get("input"));
    }

    // --- writing the bill

    /**
     * Writes the bill into {@code target} (a whole answer or the final event): the usage object (the upstream's, or
     * one built from {@code usage} when it sent none) gets {@code cost}, {@code cost_sats} and
     * {@code remaining_balance_msats}; the object itself gets {@code cost} and {@code provider}.
     */
    void writeBill(Map<String, Object> target, Map<String, Object> upstreamUsage, TokenUsage usage, RequestBill bill) {
        Map<String, Object> holder = target;
        if (endpoint == ApiEndpoint.RESPONSES && target.get("response") instanceof Map<?, ?>) {
            holder = mutable(target, "response");
        }
        BillFields fields = billFields(upstreamUsage, usage, bill);
        holder.put("usage", fields.usage());
        target.put("cost", fields.cost());
        target.put("provider", fields.provider());
    }

    /**
     * What {@link #writeBill} writes: the usage object (the upstream's with the bill added, or one built from
     * {@code usage} when it sent none), the top-level {@code cost} and the {@code provider}.
     */
    BillFields billFields(Map<String, Object> upstreamUsage, TokenUsage usage, RequestBill bill) {
        Map<String, Object> usageMap = upstreamUsage.isEmpty() ? usageFor(usage) : new LinkedHashMap<>(upstreamUsage);
        CostObject cost = costObject(bill.cost(), bill.remainingBalance(), usage);
        usageMap.put("cost", cost);
        usageMap.put("cost_sats", sats(bill.cost().total()));
        bill.remainingBalance().ifPresent(r -> usageMap.put("remaining_balance_msats", r.value()));
        return new BillFields(usageMap, cost, bill.provider());
    }

    /** The fields a bill writes into an answer: {@code usage} (where the dialect keeps it), {@code cost}, {@code provider}. */
    record BillFields(Map<String, Object> usage, CostObject cost, String provider) {}

    /** A usage object in this endpoint's dialect, for an upstream that sent none. */
    Map<String, Object> usageFor(TokenUsage usage) {
        Map<String, Object> map = new LinkedHashMap<>();
        long input = usage.totalInputTokens();
        long output = usage.billableOutputTokens();
        switch (endpoint) {
            case RESPONSES -> {
                map.put("input_tokens", input);
                map.put("output_tokens", output);
                map.put("total_tokens", input + output);
            }
            case MESSAGES -> {
                map.put("input_tokens", input);
                map.put("output_tokens", output);
            }
            default -> {
                map.put("prompt_tokens", input);
                map.put("completion_tokens", output);
                map.put("total_tokens", input + output);
            }
        }
        return map;
    }

    /** Routstr's {@code usage.cost} object (§4.9). */
    static CostObject costObject(RequestCost cost, Optional<Msats> remaining, TokenUsage usage) {
        return new CostObject(
                0L,
                cost.input().value(),
                cost.output().value(),
                cost.total().value(),
                usage.cacheReadTokens(),
                usage.cacheWriteTokens(),
                cost.cacheRead().value(),
                cost.cacheWrite().value(),
                cost.totalUsd(),
                sats(cost.total()),
                remaining.map(Msats::value).orElse(null));
    }

    /**
     * Routstr's {@code usage.cost} object (§4.9), its fields in Routstr's order. A record, not a map: Jackson writes a
     * record's fields with the writers it chose once for their types, where a map's values are each looked up by
     * their class, and a bill writes it twice.
     *
     * @param remainingBalanceMsats null for a payment without a balance (X-Cashu), and then left out
     */
    @JsonPropertyOrder({
        "base_msats",
        "input_msats",
        "output_msats",
        "total_msats",
        "cache_read_input_tokens",
        "cache_creation_input_tokens",
        "cache_read_msats",
        "cache_creation_msats",
        "total_usd",
        "sats_cost",
        "remaining_balance_msats"
    })
    record CostObject(
            @JsonProperty("base_msats") long baseMsats,
            @JsonProperty("input_msats") long inputMsats,
            @JsonProperty("output_msats") long outputMsats,
            @JsonProperty("total_msats") long totalMsats,
            @JsonProperty("cache_read_input_tokens") long cacheReadInputTokens,
            @JsonProperty("cache_creation_input_tokens") long cacheCreationInputTokens,
            @JsonProperty("cache_read_msats") long cacheReadMsats,
            @JsonProperty("cache_creation_msats") long cacheCreationMsats,
            @JsonProperty("total_usd") BigDecimal totalUsd,
            @JsonProperty("sats_cost") BigDecimal satsCost,

            @JsonProperty("remaining_balance_msats") @JsonInclude(JsonInclude.Include.NON_NULL)
            Long remainingBalanceMsats) {}

    static BigDecimal sats(Msats amount) {
        return BigDecimal.valueOf(amount.value())
                .divide(BigDecimal.valueOf(Msats.PER_SAT), 3, RoundingMode.UNNECESSARY)
                .stripTrailingZeros();
    }

    @SuppressWarnings("unchecked")
    private static Optional<Map<String, Object>> map(Object value) {
        return value instanceof Map<?, ?> m ? Optional.of((Map<String, Object>) m) : Optional.empty();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mutable(Map<String, Object> parent, String key) {
        Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) parent.get(key));
        parent.put(key, copy);
        return copy;
    }
}
