package io.routstr.gateway.upstream.dialect;

import io.routstr.gateway.domain.proxy.UpstreamPayload;
import java.util.Map;
import java.util.Objects;

/**
 * A client's JSON body, parsed once by {@link JsonRequestReader} and kept as it came; the upstream adapter copies it
 * before rewriting the model id or the usage option for a provider, so that a failover sends the client's own again.
 *
 * @param clientWantsUsage whether a streaming client asked for the usage chunk itself
 *     ({@code stream_options.include_usage})
 */
public record JsonPayload(Map<String, Object> body, boolean clientWantsUsage) implements UpstreamPayload {

    public JsonPayload {
        Objects.requireNonNull(body, "body");
    }

    /** The JSON payload of {@code payload}, which this adapter's reader made. */
    public static JsonPayload of(UpstreamPayload payload) {
        if (payload instanceof JsonPayload json) {
            return json;
        }
        throw new IllegalArgumentException("not a payload of this adapter: " + payload.getClass());
    }

    @Override
    public String toString() {
        // A prompt is the client's business: it stays out of logs.
        return "JsonPayload[" + body.size() + " fields]";
    }
}
