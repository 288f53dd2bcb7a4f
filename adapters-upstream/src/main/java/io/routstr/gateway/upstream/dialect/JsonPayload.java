package io.routstr.gateway.upstream.dialect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.routstr.gateway.domain.proxy.UpstreamPayload;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A client's JSON body, parsed once by {@link JsonRequestReader} and kept as it came, with its bytes; the body for a
 * provider is made from it for each attempt ({@link #forProvider}), so that a failover sends the client's own again.
 *
 * @param clientWantsUsage whether a streaming client asked for the usage chunk itself
 *     ({@code stream_options.include_usage})
 * @param bytes the client's bytes, when the body for a provider can be spliced from them ({@link ObjectBytes})
 */
public record JsonPayload(Map<String, Object> body, boolean clientWantsUsage, Optional<ObjectBytes> bytes)
        implements UpstreamPayload {

    public JsonPayload {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(bytes, "bytes");
    }

    /** A body without its bytes: the one for a provider is written from the map. */
    public JsonPayload(Map<String, Object> body, boolean clientWantsUsage) {
        this(body, clientWantsUsage, Optional.empty());
    }

    /** The JSON payload of {@code payload}, which this adapter's reader made. */
    public static JsonPayload of(UpstreamPayload payload) {
        if (payload instanceof JsonPayload json) {
            return json;
        }
        throw new IllegalArgumentException("not a payload of this adapter: " + payload.getClass());
    }

    /**
     * The body sent to a provider: the client's, with the provider's model id and, when {@code askForUsage} (a
     * stream), {@code stream_options.include_usage} on whatever the client asked (Routstr §4.7: the usage chunk
     * decides the bill). Spliced from the client's bytes when it has them, written from the map otherwise.
     */
    public byte[] forProvider(String upstreamModel, boolean askForUsage, ObjectMapper mapper) {
        if (bytes.isPresent()) {
            return bytes.get().with(upstreamModel, askForUsage ? usageOptions(body) : null, mapper);
        }
        try {
            return mapper.writeValueAsBytes(forProvider(body, upstreamModel, askForUsage));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed request body cannot be written as JSON", e);
        }
    }

    /**
     * A copy of {@code body} (the client's, or one the node translated it into) with the provider's model id and,
     * when {@code askForUsage}, the usage option on.
     */
    public static Map<String, Object> forProvider(Map<String, Object> body, String upstreamModel, boolean askForUsage) {
        Map<String, Object> copy = new LinkedHashMap<>(body);
        copy.put("model", upstreamModel);
        if (askForUsage) {
            copy.put("stream_options", usageOptions(body));
        }
        return copy;
    }

    /** The client's stream options, if any, with the usage chunk asked for. */
    private static Map<String, Object> usageOptions(Map<String, Object> body) {
        Map<String, Object> options = new LinkedHashMap<>();
        if (body.get("stream_options") instanceof Map<?, ?> existing) {
            existing.forEach((k, v) -> options.put(String.valueOf(k), v));
        }
        options.put("include_usage", true);
        return options;
    }

    @Override
    public String toString() {
        // A prompt is the client's business: it stays out of logs.
        return "JsonPayload[" + body.size() + " fields]";
    }
}
