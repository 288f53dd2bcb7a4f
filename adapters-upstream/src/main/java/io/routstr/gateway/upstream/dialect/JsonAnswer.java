package io.routstr.gateway.upstream.dialect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.routstr.gateway.application.port.out.UpstreamPort.UpstreamAnswer;
import io.routstr.gateway.domain.pricing.RequestBill;
import io.routstr.gateway.domain.proxy.ApiEndpoint;
import io.routstr.gateway.domain.usage.TokenUsage;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A whole upstream answer in its endpoint's dialect: a JSON object gets the bill written in (Routstr §4.9), anything
 * else (an image, audio) is passed on as the upstream sent it. The JSON object is parsed into maps and written whole
 * again: for an answer translated from Anthropic's, and for one whose shape {@link SplicedAnswer}, which serves the
 * rest, would write differently.
 */
public final class JsonAnswer implements UpstreamAnswer {

    private final ResponseDialect dialect;
    private final byte[] body;
    private final String contentType;
    private final Optional<Map<String, Object>> json;
    private final ObjectMapper mapper;

    /**
     * @param json {@code body} parsed, when it is a JSON object, with the provider's model id already put back to the
     *     client's
     */
    public JsonAnswer(
            ApiEndpoint endpoint,
            byte[] body,
            String contentType,
            Optional<Map<String, Object>> json,
            ObjectMapper mapper) {
        this.dialect = new ResponseDialect(endpoint);
        this.body = Objects.requireNonNull(body, "body");
        this.contentType = Objects.requireNonNull(contentType, "content type");
        this.json = Objects.requireNonNull(json, "json");
        this.mapper = mapper;
    }

    @Override
    public Optional<TokenUsage> usage() {
        return json.flatMap(UsageNormalizer::fromResponse);
    }

    @Override
    public long generatedCharacters() {
        return json.map(dialect::answerTextCharacters).orElse(0L);
    }

    @Override
    public String contentType() {
        return json.isPresent() ? "application/json" : contentType;
    }

    @Override
    public byte[] renderWithBill(RequestBill bill) {
        if (json.isEmpty()) {
            return body;
        }
        Map<String, Object> answer = json.get();
        Map<String, Object> upstreamUsage = new LinkedHashMap<>();
        if (answer.get("usage") instanceof Map<?, ?> usage) {
            usage.forEach((k, v) -> upstreamUsage.put(String.valueOf(k), v));
        }
        dialect.writeBill(answer, upstreamUsage, bill.usage(), bill);
        try {
            return mapper.writeValueAsBytes(answer);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed answer cannot be written as JSON", e);
        }
    }
}
