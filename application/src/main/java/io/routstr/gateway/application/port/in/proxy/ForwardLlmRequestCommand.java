package io.routstr.gateway.application.port.in.proxy;

import io.routstr.gateway.domain.proxy.ApiEndpoint;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Forward the JSON {@code body} a client posted to {@code path} (below {@code /v1/}), paid by {@code payer}.
 *
 * @param headers the client's request headers (names in any case)
 * @param costBasis the basis of the cost bound when a pre-check already computed it; forwarding computes it otherwise
 */
public record ForwardLlmRequestCommand(
        ApiEndpoint endpoint,
        String path,
        Map<String, Object> body,
        Map<String, List<String>> headers,
        RequestPayer payer,
        Optional<RequestCostBasis> costBasis) {

    public ForwardLlmRequestCommand {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(payer, "payer");
        Objects.requireNonNull(costBasis, "cost basis");
        if (path.isBlank() || path.contains("..")) {
            throw new IllegalArgumentException("not a forwardable path: " + path);
        }
    }

    /** A request whose cost bound forwarding computes itself. */
    public ForwardLlmRequestCommand(
            ApiEndpoint endpoint,
            String path,
            Map<String, Object> body,
            Map<String, List<String>> headers,
            RequestPayer payer) {
        this(endpoint, path, body, headers, payer, Optional.empty());
    }

    /** Whether the client asked for a stream ({@code "stream": true}). */
    public boolean stream() {
        return Boolean.TRUE.equals(body.get("stream"));
    }
}
