package io.routstr.gateway.domain.proxy;

import io.routstr.gateway.domain.Components;
import java.util.Optional;

/**
 * Why an upstream refused or failed a request, in the terms of OpenAI's error object ({@code message}, {@code type},
 * {@code code}), plus what Routstr adds for a client to act on (§7.3, §17). The REST adapter writes it.
 *
 * @param upstreamStatus the upstream's HTTP status, named when the node answers for it ({@code upstream_status})
 * @param retryAfterSeconds when an upstream rate limit may pass ({@code details.retry_after_seconds})
 * @param upstreamContentType what an answer that was no error object was ({@code upstream_content_type})
 * @param upstreamBodyPreview the start of that answer, org ids redacted ({@code upstream_body_preview})
 */
public record UpstreamError(
        String message,
        String type,
        String code,
        Optional<Integer> upstreamStatus,
        Optional<Long> retryAfterSeconds,
        Optional<String> upstreamContentType,
        Optional<String> upstreamBodyPreview) {

    public UpstreamError {
        Components.requireNonNull(
                UpstreamError.class,
                message,
                type,
                code,
                upstreamStatus,
                retryAfterSeconds,
                upstreamContentType,
                upstreamBodyPreview);
    }

    /** An error with a message, type and code alone. */
    public static UpstreamError of(String message, String type, String code) {
        return new UpstreamError(
                message, type, code, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** The same error told as the node's 424 {@code UPSTREAM_UNAVAILABLE} for an upstream answering {@code status}. */
    public UpstreamError asUnavailable(String fallbackMessage, int status) {
        return new UpstreamError(
                message.isBlank() ? fallbackMessage : message,
                "upstream_error",
                "UPSTREAM_UNAVAILABLE",
                Optional.of(status),
                retryAfterSeconds,
                upstreamContentType,
                upstreamBodyPreview);
    }
}
