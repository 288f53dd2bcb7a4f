package io.routstr.gateway.application.port.out;

import io.routstr.gateway.domain.proxy.ApiEndpoint;
import io.routstr.gateway.domain.proxy.LlmRequest;
import java.util.Objects;

/**
 * Port: reading a client's request body, in the dialect of its endpoint (OpenAI Chat, Completions, Embeddings,
 * Responses, Anthropic Messages), once, into what billing needs and an opaque payload for {@link UpstreamPort}. The
 * application never parses a body itself.
 */
public interface LlmRequestReaderPort {

    RequestRead read(ApiEndpoint endpoint, byte[] body);

    /** What the body was. */
    sealed interface RequestRead {

        record Parsed(LlmRequest request) implements RequestRead {
            public Parsed {
                Objects.requireNonNull(request, "request");
            }
        }

        /** Not a JSON object. */
        record NotJson() implements RequestRead {}

        /** A JSON object the node cannot forward as it is: {@code message} says why (no model, a bad {@code n}). */
        record Invalid(String message) implements RequestRead {
            public Invalid {
                Objects.requireNonNull(message, "message");
            }
        }
    }
}
