package io.routstr.gateway.rest.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.routstr.gateway.application.port.in.proxy.ForwardOutcome;
import io.routstr.gateway.application.port.in.proxy.PaidRequestError;
import io.routstr.gateway.application.port.in.proxy.PaidRequestOutcome;
import io.routstr.gateway.application.port.in.proxy.PaymentCredential;
import io.routstr.gateway.application.port.in.proxy.ServePaidRequestCommand;
import io.routstr.gateway.application.port.in.proxy.ServePaidRequestCommand.BodyRead;
import io.routstr.gateway.application.port.in.proxy.ServePaidRequestCommand.RefundHeaders;
import io.routstr.gateway.application.port.in.proxy.ServePaidRequestUseCase;
import io.routstr.gateway.domain.pricing.RequestBill;
import io.routstr.gateway.domain.proxy.ApiEndpoint;
import io.routstr.gateway.domain.proxy.ProxyAllowlist;
import io.routstr.gateway.rest.auth.BearerCredential;
import io.routstr.gateway.rest.error.ApiError;
import io.routstr.gateway.rest.error.ErrorResponses;
import io.routstr.gateway.rest.error.PaidRequestErrors;
import io.routstr.gateway.rest.limits.RequestBodyTimeoutException;
import io.routstr.gateway.rest.limits.RequestBodyTooLargeException;
import io.routstr.gateway.rest.limits.RequestLimits;
import io.routstr.gateway.rest.support.XCashuHeader;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * The OpenAI-compatible proxy routes (Routstr §2.4), with and without {@code /v1}: paid by an {@code sk-} key, a Cashu
 * token as the bearer key (§3.2) or a token per request in {@code X-Cashu} (§3.3). The controller parses the
 * credential and the request, lets {@link ServePaidRequestUseCase} serve it, and writes the outcome: streams as they
 * arrive, whole answers with the {@code X-Routstr-*-Cost-*} headers (§4.9), refusals through
 * {@link PaidRequestErrors}. Only the endpoints the node can price and the operator's extra allowed paths are
 * forwarded (§17), and a request's body is read only when the use case asks for it, once its caller is known. A plain
 * POST to a JSON route reaches {@link #handle} from {@link PaidRouteFilter}, without MVC's dispatch; the mappings here
 * serve the rest and describe every route in the OpenAPI document.
 */
@RestController
@Tag(name = "Proxy", description = "OpenAI-compatible inference, billed per request in msats")
@SecurityRequirement(name = "apiKey")
@SecurityRequirement(name = "cashuToken")
@SecurityRequirement(name = "xCashu")
class ProxyController {

    private static final Logger log = LoggerFactory.getLogger(ProxyController.class);

    static final String COST_MSATS = "X-Routstr-Cost-Msats";
    static final String INPUT_COST_MSATS = "X-Routstr-Input-Cost-Msats";
    static final String OUTPUT_COST_MSATS = "X-Routstr-Output-Cost-Msats";
    static final String COST_USD = "X-Routstr-Cost-Usd";
    static final String X_CASHU = PaidRequestErrors.X_CASHU;
    /** Response header naming whose failure an error is (Routstr §17): {@code upstream} for the provider's. */
    static final String ERROR_SCOPE = PaidRequestErrors.ERROR_SCOPE;
    /** Request header opting in to incremental X-Cashu streams: {@code X-Cashu-Stream: incremental}. */
    static final String X_CASHU_STREAM = "X-Cashu-Stream";

    static final String REFUND_LNURL = "Refund-LNURL";
    static final String KEY_EXPIRY_TIME = "Key-Expiry-Time";

    /** Upstream response headers a whole answer passes on (Routstr §4.9). */
    private static final List<String> PASSED_HEADERS = List.of("cache-control", "vary");

    /**
     * Largest declared body given a buffer of its size before any of it arrives. Beyond it the buffer grows with what
     * is actually sent: a client that declares the maximum and sends nothing must not make the node set aside 20 MiB
     * per connection.
     */
    private static final long PREALLOCATED_BODY_BYTES = 64 * 1024;

    private final ServePaidRequestUseCase serve;
    private final ProxyAllowlist allowlist;
    private final RequestLimits limits;
    private final ObjectMapper mapper;
    private final XCashuHeader xCashu;
    private final PaidRequestErrors errors;

    ProxyController(
            ServePaidRequestUseCase serve,
            ProxyAllowlist allowlist,
            RequestLimits limits,
            ObjectMapper mapper,
            XCashuHeader xCashu,
            PaidRequestErrors errors) {
        this.serve = serve;
        this.allowlist = allowlist;
        this.limits = limits;
        this.mapper = mapper;
        this.xCashu = xCashu;
        this.errors = errors;
    }

    @Operation(
            summary = "Chat completion",
            description = "OpenAI Chat Completions. With \"stream\": true the answer is text/event-stream, flushed per "
                    + "event; its final chunk carries usage and usage.cost (msats). Usage is always requested upstream. "
                    + "X-Routstr-Model-Path (a path from GET /v1/models/paths) pins the request to that route, "
                    + "with no failover.",
            responses = {
                @ApiResponse(responseCode = "200", description = "The completion, with usage.cost and cost headers"),
                @ApiResponse(
                        responseCode = "401",
                        description = "Missing or unknown key",
                        content = @Content(schema = @Schema(implementation = ApiError.class))),
                @ApiResponse(
                        responseCode = "402",
                        description = "Insufficient balance",
                        content = @Content(schema = @Schema(implementation = ApiError.class))),
                @ApiResponse(
                        responseCode = "429",
                        description = "Rate limited, here or upstream (Retry-After)",
                        content = @Content(schema = @Schema(implementation = ApiError.class))),
                @ApiResponse(
                        responseCode = "424",
                        description = "The upstream is down, answered 5xx or timed out: code UPSTREAM_UNAVAILABLE, "
                                + "error.upstream_status, header X-Routstr-Error-Scope: upstream; nothing charged",
                        content = @Content(schema = @Schema(implementation = ApiError.class)))
            })
    @ProviderJsonBody
    @PostMapping(
            path = {"/v1/chat/completions", "/chat/completions"},
            consumes = MediaType.ALL_VALUE)
    ResponseEntity<Object> chatCompletions(HttpServletRequest request, HttpServletResponse response) {
        return handle(ApiEndpoint.CHAT_COMPLETIONS, ApiEndpoint.CHAT_COMPLETIONS.path(), request, response);
    }

    @Operation(
            summary = "Legacy text completion",
            description = "OpenAI Completions, streaming or not; billed from usage.")
    @ProviderJsonBody
    @PostMapping(
            path = {"/v1/completions", "/completions"},
            consumes = MediaType.ALL_VALUE)
    ResponseEntity<Object> completions(HttpServletRequest request, HttpServletResponse response) {
        return handle(ApiEndpoint.COMPLETIONS, ApiEndpoint.COMPLETIONS.path(), request, response);
    }

    @Operation(summary = "Embeddings", description = "OpenAI Embeddings; billed from usage.prompt_tokens.")
    @ProviderJsonBody
    @PostMapping(
            path = {"/v1/embeddings", "/embeddings"},
            consumes = MediaType.ALL_VALUE)
    ResponseEntity<Object> embeddings(HttpServletRequest request, HttpServletResponse response) {
        return handle(ApiEndpoint.EMBEDDINGS, ApiEndpoint.EMBEDDINGS.path(), request, response);
    }

    @Operation(
            summary = "Responses",
            description = "OpenAI Responses API; a stream's usage and cost are in its response.completed event.")
    @ProviderJsonBody
    @PostMapping(
            path = {"/v1/responses", "/responses"},
            consumes = MediaType.ALL_VALUE)
    ResponseEntity<Object> responses(HttpServletRequest request, HttpServletResponse response) {
        return handle(ApiEndpoint.RESPONSES, ApiEndpoint.RESPONSES.path(), request, response);
    }

    @Operation(
            summary = "Anthropic Messages",
            description = "Forwarded as it is to providers that speak Messages (Anthropic, OpenRouter), translated to "
                    + "and from Chat Completions for the others; usage and cost in message_delta when streaming.")
    @ProviderJsonBody
    @PostMapping(
            path = {"/v1/messages", "/messages"},
            consumes = MediaType.ALL_VALUE)
    ResponseEntity<Object> messages(HttpServletRequest request, HttpServletResponse response) {
        return handle(ApiEndpoint.MESSAGES, ApiEndpoint.MESSAGES.path(), request, response);
    }

    @Operation(
            summary = "Audio transcription and translation, image edits and variations",
            description = "A multipart/form-data upload (the file and a model field), forwarded byte for byte with its "
                    + "own boundary to the model's provider, only the model field set to the provider's model id. "
                    + "Billed per request: the model's per-request price, else the fixed cost per request.")
    @PostMapping(
            path = {
                "/v1/audio/transcriptions",
                "/audio/transcriptions",
                "/v1/audio/translations",
                "/audio/translations",
                "/v1/images/edits",
                "/images/edits",
                "/v1/images/variations",
                "/images/variations"
            },
            consumes = MediaType.ALL_VALUE)
    ResponseEntity<Object> uploads(@Parameter(hidden = true) HttpServletRequest request, HttpServletResponse response) {
        ApiEndpoint endpoint = ApiEndpoint.of(request.getServletPath());
        return handle(endpoint, endpoint.path(), request, response);
    }

    @Operation(
            summary = "An extra allowed POST",
            description = "Only the paths the operator lists in PROXY_EXTRA_ALLOWED_PATHS (for instance "
                    + "images/generations): forwarded as they are to the model's provider and billed per request, the "
                    + "model's per-request price or the fixed cost per request. Any other path is 404 and never "
                    + "reaches a provider.",
            responses = {
                @ApiResponse(responseCode = "200", description = "The provider's answer, with the cost headers"),
                @ApiResponse(
                        responseCode = "404",
                        description = "A path the node does not forward",
                        content = @Content(schema = @Schema(implementation = ApiError.class)))
            })
    @ProviderJsonBody
    @PostMapping(path = "/v1/**", consumes = MediaType.ALL_VALUE)
    ResponseEntity<Object> other(@Parameter(hidden = true) HttpServletRequest request, HttpServletResponse response) {
        // The decoded, normalised path: the raw URI could smuggle "..", or encoded segments, past the allowlist.
        String path = request.getServletPath()
                + Optional.ofNullable(request.getPathInfo()).orElse("");
        Optional<ApiEndpoint> endpoint = allowlist.endpointOf(path);
        if (endpoint.isEmpty()) {
            // Routstr §17: only allowlisted endpoints are forwarded; decided before any key or body is looked at.
            return notFound(request);
        }
        String forwarded = endpoint.get() == ApiEndpoint.OTHER
                ? ProxyAllowlist.canonical(path).orElseThrow()
                : endpoint.get().path();
        return handle(endpoint.get(), forwarded, request, response);
    }

    /** A GET under {@code /v1} that no route serves: Routstr's not-found body, not a 405 from the POST catch-all. */
    @Operation(hidden = true)
    @GetMapping(path = "/v1/**")
    ResponseEntity<Object> unknownGet(HttpServletRequest request) {
        return notFound(request);
    }

    /** Routstr's not-found answer (§2.4). */
    private static ResponseEntity<Object> notFound(HttpServletRequest request) {
        return widen(ErrorResponses.of(
                HttpStatus.NOT_FOUND,
                "Path '" + request.getRequestURI() + "' not found",
                "not_found",
                "not_found",
                request));
    }

    /**
     * Serves a paid request on {@code endpoint}, forwarded to {@code path}: the answer or stream is written to {@code
     * response} and null returned, or the refusal to write is returned. {@link PaidRouteFilter} calls it for the JSON
     * routes' plain POSTs, without MVC's dispatch.
     */
    ResponseEntity<Object> handle(
            ApiEndpoint endpoint, String path, HttpServletRequest request, HttpServletResponse response) {
        PaymentCredential credential;
        String xCashu = request.getHeader(X_CASHU);
        if (xCashu != null && !xCashu.isBlank()) {
            credential = new PaymentCredential.XCashuToken(xCashu.strip());
        } else {
            switch (BearerCredential.parse(Optional.ofNullable(request.getHeader(HttpHeaders.AUTHORIZATION)))) {
                case BearerCredential.Key key -> credential = new PaymentCredential.ApiKey(key.secret());
                case BearerCredential.CashuToken token -> credential = new PaymentCredential.BearerToken(token.token());
                case BearerCredential.Missing missing -> {
                    return refused(
                            PaidRequestOutcome.Refused.of(
                                    PaidRequestError.MISSING_API_KEY,
                                    "Missing API key. Send 'Authorization: Bearer <sk-... key or cashu token>'."),
                            request);
                }
                case BearerCredential.Unrecognised unrecognised -> {
                    return refused(
                            PaidRequestOutcome.Refused.of(
                                    PaidRequestError.INVALID_API_KEY,
                                    "Invalid API key format. Expected an 'sk-...' API key or a 'cashu...' token."),
                            request);
                }
            }
        }
        boolean xCashuPaid = credential instanceof PaymentCredential.XCashuToken;
        boolean incremental = xCashuPaid && "incremental".equalsIgnoreCase(request.getHeader(X_CASHU_STREAM));
        // An X-Cashu stream is held until it ends, as Routstr does, so that its change can travel in a header; a client
        // that asks for it incrementally gets the stream as it comes and the change in a last SSE event instead.
        ContentCachingResponseWrapper held =
                xCashuPaid && !incremental ? new ContentCachingResponseWrapper(response) : null;
        PaidRequestOutcome outcome = serve.serve(
                new ServePaidRequestCommand(
                        credential,
                        endpoint,
                        path,
                        () -> readBody(request),
                        headersOf(request),
                        new RefundHeaders(
                                Optional.ofNullable(request.getHeader(REFUND_LNURL)),
                                Optional.ofNullable(request.getHeader(KEY_EXPIRY_TIME)))),
                new ServletSseSink(held != null ? held : response));
        return switch (outcome) {
            case PaidRequestOutcome.Answered answered -> {
                writeAnswer(response, answered.answer(), answered.returnedToken());
                yield null;
            }
            case PaidRequestOutcome.Streamed streamed -> {
                if (incremental) {
                    // A stream sent as it came: the change follows as a last SSE event, `event: x-cashu`.
                    writeChangeEvent(response, streamed.returnedToken());
                } else if (held != null) {
                    // A stream, held whole: the change goes in a header before the body is released.
                    setChangeHeader(response, streamed.returnedToken());
                    try {
                        held.copyBodyToResponse();
                    } catch (IOException clientGone) {
                        // The client left; its change stays recoverable with the original token.
                    }
                }
                // Already written to the client: nothing more to send.
                yield null;
            }
            case PaidRequestOutcome.UpstreamFailed failed -> widen(errors.upstreamFailed(failed, request));
            case PaidRequestOutcome.Refused refusal -> {
                if (incremental && response.isCommitted()) {
                    // The stream had begun when it failed: its change can only follow as the last event.
                    writeChangeEvent(response, refusal.returnedToken());
                    yield null;
                }
                if (held != null) {
                    held.resetBuffer();
                }
                yield refused(refusal, request);
            }
        };
    }

    /** The request body, read only now that the caller is known, and never past the size limit. */
    private BodyRead readBody(HttpServletRequest request) {
        byte[] raw;
        try {
            long declared = request.getContentLengthLong();
            if (declared >= 0 && declared <= Math.min(limits.maxBodyBytes(), PREALLOCATED_BODY_BYTES)) {
                // A declared length (the container reads no further): a buffer of exactly that size, where reading
                // up to the limit would take a 16 KiB buffer and a copy for every request, however small its body.
                raw = new byte[(int) declared];
                int read = request.getInputStream().readNBytes(raw, 0, raw.length);
                if (read < raw.length) {
                    raw = Arrays.copyOf(raw, read);
                }
            } else {
                // The limit filter's stream fails past the limit; reading one byte more catches a body it did not
                // bound.
                raw = request.getInputStream().readNBytes(Math.toIntExact(limits.maxBodyBytes() + 1));
            }
        } catch (RequestBodyTooLargeException e) {
            return new BodyRead.TooLarge(e.limit());
        } catch (RequestBodyTimeoutException e) {
            return new BodyRead.TimedOut();
        } catch (IOException e) {
            return new BodyRead.Unreadable();
        }
        if (raw.length > limits.maxBodyBytes()) {
            return new BodyRead.TooLarge(limits.maxBodyBytes());
        }
        return new BodyRead.Read(raw);
    }

    private void writeChangeEvent(HttpServletResponse response, Optional<String> change) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("x_cashu", change.orElse(null));
        try {
            var out = response.getOutputStream();
            out.write(("event: x-cashu\ndata: " + mapper.writeValueAsString(event) + "\n\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException clientGone) {
            // The client left before its change: it stays recoverable with the original token.
        }
    }

    /**
     * A whole answer, written straight to the response: its status, the upstream headers it passes on, the cost
     * headers, and the body with its length. Written here rather than returned as a {@code ResponseEntity}, which
     * costs the paid path a message-converter lookup and content negotiation per request for bytes already rendered.
     */
    private void writeAnswer(
            HttpServletResponse response, ForwardOutcome.Completed completed, Optional<String> change) {
        response.setStatus(completed.status());
        completed.headers().forEach((name, values) -> {
            if (isPassed(name)) {
                values.forEach(value -> response.addHeader(name, value));
            }
        });
        RequestBill bill = completed.bill();
        response.addHeader(COST_MSATS, Long.toString(bill.cost().total().value()));
        response.addHeader(INPUT_COST_MSATS, Long.toString(bill.cost().input().value()));
        response.addHeader(OUTPUT_COST_MSATS, Long.toString(bill.cost().output().value()));
        if (bill.cost().totalUsd().signum() > 0) {
            response.addHeader(COST_USD, bill.cost().totalUsd().toPlainString());
        }
        response.addHeader("x-routstr-provider", bill.provider());
        setChangeHeader(response, change);
        response.setContentType(completed.contentType());
        byte[] body = completed.body();
        response.setContentLength(body.length);
        try {
            response.getOutputStream().write(body);
        } catch (IOException clientGone) {
            // The client left after the request was billed: there is no one to tell.
        }
    }

    /**
     * The change of a served request in its {@code X-Cashu} header, as {@link XCashuHeader} fits it. Change too long
     * even without its DLEQ proofs is left out rather than break the answer it rides on (an empty 500 after the request
     * was billed); it stays recoverable with the original token ({@code POST /v1/balance/refund}), whose body carries
     * it whole.
     */
    private void setChangeHeader(HttpServletResponse response, Optional<String> change) {
        if (change.isEmpty()) {
            return;
        }
        Optional<String> header = xCashu.fit(change.get()).header();
        if (header.isPresent()) {
            response.setHeader(X_CASHU, header.get());
        } else {
            // Never the token itself: whoever reads the log could spend it.
            log.warn(
                    "Change of {} characters is too long for the X-Cashu header even without its DLEQ proofs: left out,"
                            + " recoverable with the original token",
                    change.get().length());
        }
    }

    /** Whether an upstream response header is one a whole answer passes on (Routstr §4.9), whatever its case. */
    private static boolean isPassed(String name) {
        for (String passed : PASSED_HEADERS) {
            if (passed.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    private ResponseEntity<Object> refused(PaidRequestOutcome.Refused refused, HttpServletRequest request) {
        return widen(errors.refused(refused, request));
    }

    private static Map<String, List<String>> headersOf(HttpServletRequest request) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.put(name, Collections.list(request.getHeaders(name)));
        }
        return headers;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static ResponseEntity<Object> widen(ResponseEntity<? extends Object> entity) {
        return (ResponseEntity) entity;
    }
}
