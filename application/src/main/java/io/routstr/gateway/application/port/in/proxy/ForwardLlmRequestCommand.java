package io.routstr.gateway.application.port.in.proxy;

import io.routstr.gateway.domain.Components;
import io.routstr.gateway.domain.proxy.ApiEndpoint;
import io.routstr.gateway.domain.proxy.LlmRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Forward {@code request}, which a client posted to {@code path} (below {@code /v1/}), paid by {@code payer}.
 *
 * @param headers the client's request headers (names in any case)
 * @param costBasis the basis of the cost bound when a pre-check already computed it; forwarding computes it otherwise
 */
public record ForwardLlmRequestCommand(
        LlmRequest request,
        String path,
        Map<String, List<String>> headers,
        RequestPayer payer,
        Optional<RequestCostBasis> costBasis) {

    public ForwardLlmRequestCommand {
        Components.requireNonNull(ForwardLlmRequestCommand.class, request, path, headers, payer, costBasis);
        if (path.isBlank() || path.contains("..")) {
            throw new IllegalArgumentException("not a forwardable path: " + path);
        }
    }

    /** A request whose cost bound forwarding computes itself. */
    public ForwardLlmRequestCommand(
            LlmRequest request, String path, Map<String, List<String>> headers, RequestPayer payer) {
        this(request, path, headers, payer, Optional.empty());
    }

    public ApiEndpoint endpoint() {
        return request.endpoint();
    }
}
