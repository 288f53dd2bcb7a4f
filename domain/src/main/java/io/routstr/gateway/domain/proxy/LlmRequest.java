package io.routstr.gateway.domain.proxy;

import io.routstr.gateway.domain.Components;
import io.routstr.gateway.domain.pricing.RequestShape;

/**
 * An LLM request as billing sees it, read once from the client's body: which endpoint and model, whether it streams,
 * the {@link RequestShape} its cost bound is computed from and the characters of its prompt (for an estimate when the
 * upstream reports no usage). The body itself travels as an opaque {@link UpstreamPayload}.
 */
public record LlmRequest(
        ApiEndpoint endpoint,
        ModelId model,
        boolean stream,
        RequestShape shape,
        long promptCharacters,
        UpstreamPayload payload) {

    public LlmRequest {
        Components.requireNonNull(LlmRequest.class, endpoint, model, shape, payload);
        if (promptCharacters < 0) {
            throw new IllegalArgumentException("prompt characters are not negative: " + promptCharacters);
        }
    }
}
