package io.routstr.gateway.application.port.in.proxy;

import io.routstr.gateway.domain.proxy.ApiEndpoint;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Forward the JSON {@code body} a client posted to {@code path} (below {@code /v1/}), paid by {@code payer}.
 *
 * @param headers the client's request headers (names in any case)
 */
public record ForwardLlmRequestCommand(
        ApiEndpoint endpoint,
        String path,
        Map<String, Object> body,
        Map<String, List<String>> headers,
        RequestPayer payer) {

    public ForwardLlmRequestCommand {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(payer, "payer");
        if (path.isBlank() || path.contains("..")) {
            throw new IllegalArgumentException("not a forwardable path: " + path);
        }
    }

    /** Whether the client asked for a stream ({@code "stream": true}). */
    public boolean stream() {
        return Boolean.TRUE.equals(body.get("stream"));
    }
}
