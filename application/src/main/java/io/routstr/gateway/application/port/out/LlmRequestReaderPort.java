package io.routstr.gateway.application.port.out;

import io.routstr.gateway.domain.proxy.ApiEndpoint;
import io.routstr.gateway.domain.proxy.LlmRequest;
import java.util.Objects;
import java.util.Optional;

/**
 * Port: reading a client's request body, in the dialect of its endpoint (OpenAI Chat, Completions, Embeddings,
 * Responses, Anthropic Messages, or a {@code multipart/form-data} upload to an audio or image endpoint), once, into what
 * billing needs and an opaque payload for {@link UpstreamPort}. The application never parses a body itself.
 */
public interface LlmRequestReaderPort {

    /** Reads {@code body}, sent with the client's {@code Content-Type} header ({@code contentType}, when it sent one). */
    RequestRead read(ApiEndpoint endpoint, Optional<String> contentType, byte[] body);

    /** Reads a body sent without a {@code Content-Type}: as JSON. */
    default RequestRead read(ApiEndpoint endpoint, byte[] body) {
        return read(endpoint, Optional.empty(), body);
    }

    /** What the body was. */
    sealed interface RequestRead {

        record Parsed(LlmRequest request) implements RequestRead {
            public Parsed {
                Objects.requireNonNull(request, "request");
            }
        }

        /** Not a JSON object (nor a multipart form where one is accepted). */
        record NotJson() implements RequestRead {}

        /**
         * A JSON object or multipart form the node cannot forward as it is: {@code message} says why (no model, a bad
         * {@code n}).
         */
        record Invalid(String message) implements RequestRead {
            public Invalid {
                Objects.requireNonNull(message, "message");
            }
        }
    }
}
