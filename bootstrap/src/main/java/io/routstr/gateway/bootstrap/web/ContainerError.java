package io.routstr.gateway.bootstrap.web;

import java.util.OptionalInt;

/**
 * The node's OpenAI-shaped JSON error for a request its servlet container refuses before the application sees it (a
 * malformed request line, headers over {@code MAX_REQUEST_HEADER_BYTES}): one body whichever container runs the node,
 * Tomcat ({@link JsonErrorReportValve}) or Jetty ({@link JsonErrorHandler}).
 *
 * @param status the HTTP status the container answers with
 */
record ContainerError(int status, String message, String type, String code) {

    /** RFC 6585: a client with a large Cashu token in a header learns why it was refused, which a 400 does not say. */
    static final int REQUEST_HEADER_FIELDS_TOO_LARGE = 431;

    /**
     * Headers over the container's limit. The message names the limit and what a client whose Cashu token did not fit
     * can do: the token was never read, so it is still the client's to swap into fewer proofs (or to send without its
     * DLEQ proofs) and present again.
     *
     * @param limitBytes the request line and headers' limit, when the container can tell it
     */
    static ContainerError headersTooLarge(OptionalInt limitBytes) {
        String limit = limitBytes.isPresent() ? "at most " + limitBytes.getAsInt() + " bytes" : "a limited size";
        String message = "Request headers too large: the request line and headers may take " + limit + "."
                + " A Cashu token in Authorization or X-Cashu that does not fit was not read and is unspent: swap it"
                + " into fewer proofs, or send it without DLEQ proofs, and retry.";
        return new ContainerError(
                REQUEST_HEADER_FIELDS_TOO_LARGE, message, "invalid_request_error", "request_header_too_large");
    }

    /** Any other refusal: the status kept, described by its class alone (the container's reason is not the node's). */
    static ContainerError forStatus(int status) {
        if (status == 404) {
            return new ContainerError(status, "Not Found", "not_found", "not_found");
        }
        if (status < 500) {
            return new ContainerError(status, "Bad Request", "invalid_request_error", "invalid_request");
        }
        return new ContainerError(status, "Internal Server Error", "api_error", "internal_error");
    }

    /**
     * The body, as the application's errors are shaped ({@code ApiError}). Written by hand: every part but the request
     * id is one of the constants above, and the id is a UUID, so nothing needs escaping.
     */
    String json(String requestId) {
        return "{\"error\":{\"message\":\"" + message + "\",\"type\":\"" + type + "\",\"code\":\"" + code
                + "\"},\"request_id\":\"" + requestId + "\"}";
    }
}
