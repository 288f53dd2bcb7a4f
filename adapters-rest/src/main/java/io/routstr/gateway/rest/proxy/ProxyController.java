package io.routstr.gateway.rest.proxy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.routstr.gateway.application.port.in.billing.AdmitRequestUseCase;
import io.routstr.gateway.application.port.in.billing.AdmitRequestUseCase.Admission;
import io.routstr.gateway.application.port.in.key.UpdateRefundPreferencesUseCase;
import io.routstr.gateway.application.port.in.key.UpdateRefundPreferencesUseCase.RefundPreferences;
import io.routstr.gateway.application.port.in.payment.CheckEcashPaymentUseCase;
import io.routstr.gateway.application.port.in.payment.CheckEcashPaymentUseCase.Check;
import io.routstr.gateway.application.port.in.payment.PayPerRequestWithEcashUseCase;
import io.routstr.gateway.application.port.in.payment.PayPerRequestWithEcashUseCase.Change;
import io.routstr.gateway.application.port.in.payment.PayPerRequestWithEcashUseCase.Payment;
import io.routstr.gateway.application.port.in.proxy.ForwardLlmRequestCommand;
import io.routstr.gateway.application.port.in.proxy.ForwardLlmRequestUseCase;
import io.routstr.gateway.application.port.in.proxy.ForwardOutcome;
import io.routstr.gateway.application.port.in.proxy.LimitRequestRateUseCase;
import io.routstr.gateway.application.port.in.proxy.LimitRequestRateUseCase.RateDecision;
import io.routstr.gateway.application.port.in.proxy.PayWithApiKeyUseCase;
import io.routstr.gateway.application.port.in.proxy.RequestBill;
import io.routstr.gateway.domain.ecash.RedemptionFailure;
import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.key.RefundAddress;
import io.routstr.gateway.domain.proxy.ApiEndpoint;
import io.routstr.gateway.domain.proxy.ProxyAllowlist;
import io.routstr.gateway.rest.auth.BearerKeyResolver;
import io.routstr.gateway.rest.auth.BearerKeyResolver.Resolution;
import io.routstr.gateway.rest.error.ApiError;
import io.routstr.gateway.rest.error.BillingErrors;
import io.routstr.gateway.rest.error.ErrorResponses;
import io.routstr.gateway.rest.error.RedemptionErrors;
import io.routstr.gateway.rest.limits.RequestBodyTooLargeException;
import io.routstr.gateway.rest.limits.RequestLimits;
import io.routstr.gateway.rest.limits.RequestSizeErrors;
import io.routstr.gateway.rest.support.RequestIdFilter;
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
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * token as the bearer key (§3.2) or a token per request in {@code X-Cashu} (§3.3); rate limited, forwarded, billed.
 * Streams paid by key are written as they arrive; whole answers carry the {@code X-Routstr-*-Cost-*} headers (§4.9).
 * Only the endpoints the node can price and the operator's extra allowed paths are forwarded (§17), and a request's
 * body is read only once its caller is known and may make it.
 */
@RestController
@Tag(name = "Proxy", description = "OpenAI-compatible inference, billed per request in msats")
@SecurityRequirement(name = "apiKey")
@SecurityRequirement(name = "cashuToken")
@SecurityRequirement(name = "xCashu")
class ProxyController {

    static final String COST_MSATS = "X-Routstr-Cost-Msats";
    static final String INPUT_COST_MSATS = "X-Routstr-Input-Cost-Msats";
    static final String OUTPUT_COST_MSATS = "X-Routstr-Output-Cost-Msats";
    static final String COST_USD = "X-Routstr-Cost-Usd";
    static final String X_CASHU = "X-Cashu";
    /** Response header naming whose failure an error is (Routstr §17): {@code upstream} for the provider's. */
    static final String ERROR_SCOPE = "X-Routstr-Error-Scope";
    /** Request header opting in to incremental X-Cashu streams: {@code X-Cashu-Stream: incremental}. */
    static final String X_CASHU_STREAM = "X-Cashu-Stream";

    static final String REFUND_LNURL = "Refund-LNURL";
    static final String KEY_EXPIRY_TIME = "Key-Expiry-Time";

    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {};

    /** Upstream response headers a whole answer passes on (Routstr §4.9). */
    private static final List<String> PASSED_HEADERS = List.of("cache-control", "vary");

    private final BearerKeyResolver keys;
    private final PayWithApiKeyUseCase payWithApiKey;
    private final PayPerRequestWithEcashUseCase ecash;
    private final CheckEcashPaymentUseCase checkEcash;
    private final UpdateRefundPreferencesUseCase refundPreferences;
    private final ForwardLlmRequestUseCase forward;
    private final LimitRequestRateUseCase rateLimits;
    private final AdmitRequestUseCase admission;
    private final ProxyAllowlist allowlist;
    private final RequestLimits limits;
    private final ObjectMapper mapper;

    ProxyController(
            BearerKeyResolver keys,
            PayWithApiKeyUseCase payWithApiKey,
            PayPerRequestWithEcashUseCase ecash,
            CheckEcashPaymentUseCase checkEcash,
            UpdateRefundPreferencesUseCase refundPreferences,
            ForwardLlmRequestUseCase forward,
            LimitRequestRateUseCase rateLimits,
            AdmitRequestUseCase admission,
            ProxyAllowlist allowlist,
            RequestLimits limits,
            ObjectMapper mapper) {
        this.keys = keys;
        this.payWithApiKey = payWithApiKey;
        this.ecash = ecash;
        this.checkEcash = checkEcash;
        this.refundPreferences = refundPreferences;
        this.forward = forward;
        this.rateLimits = rateLimits;
        this.admission = admission;
        this.allowlist = allowlist;
        this.limits = limits;
        this.mapper = mapper;
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
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            required = true,
            description = "The provider API's JSON request; read only once the caller is authenticated",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(type = "object")))
    @PostMapping(
            path = {"/v1/chat/completions", "/chat/completions"},
            consumes = MediaType.ALL_VALUE)
    ResponseEntity<Object> chatCompletions(HttpServletRequest request, HttpServletResponse response) {
        return handle(ApiEndpoint.CHAT_COMPLETIONS, ApiEndpoint.CHAT_COMPLETIONS.path(), request, response);
    }

    @Operation(
            summary = "Legacy text completion",
            description = "OpenAI Completions, streaming or not; billed from usage.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            required = true,
            description = "The provider API's JSON request; read only once the caller is authenticated",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(type = "object")))
    @PostMapping(
            path = {"/v1/completions", "/completions"},
            consumes = MediaType.ALL_VALUE)
    ResponseEntity<Object> completions(HttpServletRequest request, HttpServletResponse response) {
        return handle(ApiEndpoint.COMPLETIONS, ApiEndpoint.COMPLETIONS.path(), request, response);
    }

    @Operation(summary = "Embeddings", description = "OpenAI Embeddings; billed from usage.prompt_tokens.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            required = true,
            description = "The provider API's JSON request; read only once the caller is authenticated",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(type = "object")))
    @PostMapping(
            path = {"/v1/embeddings", "/embeddings"},
            consumes = MediaType.ALL_VALUE)
    ResponseEntity<Object> embeddings(HttpServletRequest request, HttpServletResponse response) {
        return handle(ApiEndpoint.EMBEDDINGS, ApiEndpoint.EMBEDDINGS.path(), request, response);
    }

    @Operation(
            summary = "Responses",
            description = "OpenAI Responses API; a stream's usage and cost are in its response.completed event.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            required = true,
            description = "The provider API's JSON request; read only once the caller is authenticated",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(type = "object")))
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
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            required = true,
            description = "The provider API's JSON request; read only once the caller is authenticated",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(type = "object")))
    @PostMapping(
            path = {"/v1/messages", "/messages"},
            consumes = MediaType.ALL_VALUE)
    ResponseEntity<Object> messages(HttpServletRequest request, HttpServletResponse response) {
        return handle(ApiEndpoint.MESSAGES, ApiEndpoint.MESSAGES.path(), request, response);
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
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            required = true,
            description = "The provider API's JSON request; read only once the caller is authenticated",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(type = "object")))
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

    private ResponseEntity<Object> handle(
            ApiEndpoint endpoint, String path, HttpServletRequest request, HttpServletResponse response) {
        String xCashu = request.getHeader(X_CASHU);
        if (xCashu != null && !xCashu.isBlank()) {
            return handlePaidWithEcash(endpoint, path, xCashu.strip(), request, response);
        }
        ApiKey key;
        switch (keys.resolve(Optional.ofNullable(request.getHeader(HttpHeaders.AUTHORIZATION)), true)) {
            case Resolution.Resolved resolved -> key = resolved.key();
            case Resolution.Missing missing -> {
                return widen(BillingErrors.missingApiKey(request));
            }
            case Resolution.InvalidKey invalid -> {
                return widen(BillingErrors.invalidApiKey(request));
            }
            case Resolution.TokenRejected rejected -> {
                return redemptionFailed(rejected.failure(), rejected.message(), Optional.empty(), request);
            }
            case Resolution.TokenBusy busy -> {
                return tokenBusy(request);
            }
        }
        if (key.isChild() && sendsRefundHeaders(request)) {
            // A child spends its parent's balance: its holder may not say where that balance is refunded, nor when.
            return widen(ErrorResponses.of(
                    HttpStatus.FORBIDDEN,
                    "A child key cannot set Refund-LNURL or Key-Expiry-Time: its balance belongs to its parent key.",
                    "invalid_request_error",
                    "child_key_refund_forbidden",
                    request));
        }
        return forwardPaidBy(key, endpoint, path, true, Optional.empty(), request, response);
    }

    /**
     * Rate limits, then expiry and spending limits, then the body, then the refund headers, then the request: nothing
     * of a request takes effect for a key that may not make it, and no body is parsed for a caller not known.
     */
    private ResponseEntity<Object> forwardPaidBy(
            ApiKey key,
            ApiEndpoint endpoint,
            String path,
            boolean applyRefundHeaders,
            Optional<Map<String, Object>> bodyRead,
            HttpServletRequest request,
            HttpServletResponse response) {
        RateDecision decision = rateLimits.admit(key.id());
        if (decision instanceof RateDecision.Limited limited) {
            return rateLimited(limited, request);
        }
        RateDecision.Admitted admitted = (RateDecision.Admitted) decision;
        long tokens = 0;
        try {
            if (admission.admit(key.id()) instanceof Admission.Refused refused) {
                return widen(BillingErrors.reservationFailed(refused.reason(), request));
            }
            Map<String, Object> body;
            switch (bodyRead.<Body>map(Body.Parsed::new).orElseGet(() -> readBody(request))) {
                case Body.Parsed parsed -> body = parsed.json();
                case Body.Refused refused -> {
                    return refused.answer();
                }
            }
            if (applyRefundHeaders) {
                Optional<ResponseEntity<Object>> refundHeaders = applyRefundHeaders(key, request);
                if (refundHeaders.isPresent()) {
                    return refundHeaders.get();
                }
            }
            ServletSseSink sink = new ServletSseSink(response, mapper);
            ForwardOutcome outcome = forward.forward(
                    new ForwardLlmRequestCommand(
                            endpoint, path, body, headersOf(request), payWithApiKey.payerFor(key.id())),
                    sink);
            tokens = tokensOf(outcome);
            return respond(outcome, request);
        } finally {
            rateLimits.finish(admitted, tokens);
        }
    }

    /** The request body as a JSON object, read only now that the caller is known, and never past the size limit. */
    private Body readBody(HttpServletRequest request) {
        byte[] raw;
        try {
            // The limit filter's stream fails past the limit; reading one byte more catches a body it did not bound.
            raw = request.getInputStream().readNBytes(Math.toIntExact(limits.maxBodyBytes() + 1));
        } catch (RequestBodyTooLargeException e) {
            return new Body.Refused(widen(RequestSizeErrors.bodyTooLarge(e.limit(), request)));
        } catch (IOException e) {
            return new Body.Refused(widen(ErrorResponses.of(
                    HttpStatus.BAD_REQUEST,
                    "The request body could not be read",
                    "invalid_request_error",
                    "invalid_request",
                    request)));
        }
        if (raw.length > limits.maxBodyBytes()) {
            return new Body.Refused(widen(RequestSizeErrors.bodyTooLarge(limits.maxBodyBytes(), request)));
        }
        try {
            return new Body.Parsed(mapper.readValue(raw, JSON_OBJECT));
        } catch (IOException e) {
            return new Body.Refused(widen(ErrorResponses.of(
                    HttpStatus.BAD_REQUEST,
                    "The request body is not valid JSON",
                    "invalid_request_error",
                    "invalid_json",
                    request)));
        }
    }

    /** A request body: the JSON object, or the answer refusing it. */
    private sealed interface Body {
        record Parsed(Map<String, Object> json) implements Body {}

        record Refused(ResponseEntity<Object> answer) implements Body {}
    }

    private static boolean sendsRefundHeaders(HttpServletRequest request) {
        return isPresent(request.getHeader(REFUND_LNURL)) || isPresent(request.getHeader(KEY_EXPIRY_TIME));
    }

    private static boolean isPresent(String header) {
        return header != null && !header.isBlank();
    }

    /**
     * {@code X-Cashu}: the token pays for this request alone (Routstr §3.3). It is redeemed into its own key, the
     * request is billed there, and what is left comes back as a token in the {@code X-Cashu} response header, also
     * when the upstream failed (then the whole amount). A stream is held until it ends, as Routstr does, so that the
     * change can travel in a header; a client that sends {@code X-Cashu-Stream: incremental} gets the stream as it
     * comes and the change in a last {@code event: x-cashu} SSE event instead. Change that cannot be delivered stays
     * recoverable with the original token.
     */
    private ResponseEntity<Object> handlePaidWithEcash(
            ApiEndpoint endpoint, String path, String token, HttpServletRequest request, HttpServletResponse response) {
        // Routstr §3.3: a request that cannot run is refused before the token is redeemed, so it costs no mint fee.
        Map<String, Object> body;
        switch (readBody(request)) {
            case Body.Parsed parsed -> body = parsed.json();
            case Body.Refused refused -> {
                return refused.answer();
            }
        }
        Optional<ResponseEntity<Object>> refusal =
                refusedBeforeRedeeming(checkEcash.check(token, endpoint, body, headersOf(request)), request);
        if (refusal.isPresent()) {
            return refusal.get();
        }
        ApiKey key;
        switch (ecash.begin(token)) {
            case Payment.Accepted accepted -> key = accepted.key();
            case Payment.Rejected rejected -> {
                return redemptionFailed(
                        rejected.failure(),
                        rejected.message(),
                        stillSpendable(rejected.failure()) ? Optional.of(token) : Optional.empty(),
                        request);
            }
            case Payment.Busy busy -> {
                return tokenBusy(request);
            }
        }
        boolean incremental = "incremental".equalsIgnoreCase(request.getHeader(X_CASHU_STREAM));
        ContentCachingResponseWrapper held = new ContentCachingResponseWrapper(response);
        ResponseEntity<Object> answer;
        try {
            answer = forwardPaidBy(
                    key, endpoint, path, false, Optional.of(body), request, incremental ? response : held);
        } catch (RuntimeException e) {
            if (incremental && response.isCommitted()) {
                throw e;
            }
            held.resetBuffer();
            answer = widen(ErrorResponses.of(
                    HttpStatus.BAD_GATEWAY,
                    "Payment succeeded but the upstream request failed",
                    "upstream_error",
                    "upstream_request_failed",
                    request));
        }
        Optional<String> change = switch (ecash.finish(token)) {
            case Change.Returned returned -> Optional.of(returned.token());
            case Change.Nothing nothing -> Optional.empty();
            case Change.Deferred deferred -> Optional.empty();
        };
        if (answer == null && incremental) {
            // A stream sent as it came: the change follows as a last SSE event, `event: x-cashu`.
            writeChangeEvent(response, change);
            return null;
        }
        if (answer == null) {
            // A stream, held whole: the change goes in a header before the body is released.
            change.ifPresent(c -> response.setHeader(X_CASHU, c));
            try {
                held.copyBodyToResponse();
            } catch (java.io.IOException clientGone) {
                // The client left; its change stays recoverable with the original token.
            }
            return null;
        }
        return withChange(answer, change);
    }

    /** The answer refusing an {@code X-Cashu} request before its token is redeemed; empty when it may go on. */
    private static Optional<ResponseEntity<Object>> refusedBeforeRedeeming(Check check, HttpServletRequest request) {
        return switch (check) {
            case Check.Proceed proceed -> Optional.empty();
            case Check.TokenTooSmall small -> {
                // Routstr's minimum_balance_required, in the OpenAI shape, with the amounts it names.
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("amount_required_msat", small.required().value());
                details.put("token_value_msat", small.faceValue().value());
                details.put("model", small.model());
                yield Optional.of(ResponseEntity.status(HttpStatus.PAYMENT_REQUIRED)
                        .contentType(MediaType.APPLICATION_JSON)
                        .body(new ApiError(
                                new ApiError.Body(
                                        "Insufficient balance: the X-Cashu token is worth "
                                                + BillingErrors.describe(small.faceValue()) + "; "
                                                + BillingErrors.describe(small.required())
                                                + " required for this request. The token was not redeemed.",
                                        "minimum_balance_required",
                                        "minimum_balance_required",
                                        details),
                                RequestIdFilter.idOf(request))));
            }
            case Check.UnknownModel unknown -> Optional.of(unknownModel(unknown.model(), request));
            case Check.InvalidRequest invalid -> Optional.of(invalidRequest(invalid.message(), request));
            case Check.PriceUnavailable unavailable -> Optional.of(priceUnavailable(request));
        };
    }

    private void writeChangeEvent(HttpServletResponse response, Optional<String> change) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("x_cashu", change.orElse(null));
        try {
            var out = response.getOutputStream();
            out.write(("event: x-cashu\ndata: " + mapper.writeValueAsString(event) + "\n\n")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.flush();
        } catch (java.io.IOException clientGone) {
            // The client left before its change: it stays recoverable with the original token.
        }
    }

    private static ResponseEntity<Object> withChange(ResponseEntity<Object> answer, Optional<String> change) {
        if (change.isEmpty()) {
            return answer;
        }
        Object body = answer.getBody();
        if (!answer.getStatusCode().is2xxSuccessful()
                && body instanceof Map<?, ?> map
                && map.get("error") instanceof Map<?, ?> error) {
            // Routstr puts the refund token in the error body too.
            Map<String, Object> withRefund = new LinkedHashMap<>();
            map.forEach((k, v) -> withRefund.put(String.valueOf(k), v));
            Map<String, Object> errorWithRefund = new LinkedHashMap<>();
            error.forEach((k, v) -> errorWithRefund.put(String.valueOf(k), v));
            errorWithRefund.put("refund_token", change.get());
            withRefund.put("error", errorWithRefund);
            body = withRefund;
        }
        return ResponseEntity.status(answer.getStatusCode())
                .headers(answer.getHeaders())
                .header(X_CASHU, change.get())
                .body(body);
    }

    /** A token the node did not take stays the client's: echo it back so nothing is lost (Routstr §3.3). */
    private static boolean stillSpendable(RedemptionFailure failure) {
        return switch (failure) {
            case MINT_UNREACHABLE,
                    MINT_RATE_LIMITED,
                    UNTRUSTED_MINT,
                    WRONG_UNIT,
                    FEES_EXCEED_AMOUNT,
                    TOO_MANY_PROOFS,
                    MINT_MISMATCH -> true;
            case ALREADY_SPENT, INVALID_TOKEN, ZERO_VALUE, OUTCOME_UNKNOWN, FAILED -> false;
        };
    }

    private static ResponseEntity<Object> redemptionFailed(
            RedemptionFailure failure, String message, Optional<String> echo, HttpServletRequest request) {
        ResponseEntity.BodyBuilder builder =
                ResponseEntity.status(RedemptionErrors.statusOf(failure)).contentType(MediaType.APPLICATION_JSON);
        echo.ifPresent(token -> builder.header(X_CASHU, token));
        return builder.body(ApiError.of(message, failure.type(), failure.code(), RequestIdFilter.idOf(request)));
    }

    private static ResponseEntity<Object> tokenBusy(HttpServletRequest request) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "1")
                .contentType(MediaType.APPLICATION_JSON)
                .body(ApiError.of(
                        "This token is being redeemed by another request; retry shortly.",
                        "mint_unreachable",
                        "cashu_token_redemption_in_progress",
                        RequestIdFilter.idOf(request)));
    }

    /**
     * {@code Refund-LNURL} and {@code Key-Expiry-Time} (Routstr §3.4), read whatever their case: the key is refunded to
     * the address, at the given time when one is set. Routstr looks them up case-sensitively in a lower-cased map and so
     * never applies them. The address must have the shape of a Lightning address or LNURL; a child key never gets here.
     */
    private Optional<ResponseEntity<Object>> applyRefundHeaders(ApiKey key, HttpServletRequest request) {
        String address = request.getHeader(REFUND_LNURL);
        String expiry = request.getHeader(KEY_EXPIRY_TIME);
        Optional<Instant> refundAfter = Optional.empty();
        if (expiry != null && !expiry.isBlank()) {
            try {
                refundAfter = Optional.of(Instant.ofEpochSecond(Long.parseLong(expiry.strip())));
            } catch (NumberFormatException | java.time.DateTimeException e) {
                return Optional.of(widen(ErrorResponses.of(
                        HttpStatus.BAD_REQUEST,
                        "Invalid Key-Expiry-Time: must be a valid Unix timestamp",
                        "invalid_request_error",
                        "invalid_key_expiry_time",
                        request)));
            }
            if (address == null || address.isBlank()) {
                return Optional.of(widen(ErrorResponses.of(
                        HttpStatus.BAD_REQUEST,
                        "Error: Refund-LNURL header required when using Key-Expiry-Time",
                        "invalid_request_error",
                        "refund_lnurl_required",
                        request)));
            }
        }
        if (address == null || address.isBlank()) {
            return Optional.empty();
        }
        Optional<RefundAddress> parsed = RefundAddress.parse(address);
        if (parsed.isEmpty()) {
            return Optional.of(widen(ErrorResponses.of(
                    HttpStatus.BAD_REQUEST,
                    "Invalid Refund-LNURL: expected a Lightning address (user@domain), an LNURL (lnurl1...) or an "
                            + "lnurlp:// link of at most " + RefundAddress.MAX_LENGTH + " characters",
                    "invalid_request_error",
                    "invalid_refund_lnurl",
                    request)));
        }
        return switch (refundPreferences.update(new RefundPreferences(key.id(), parsed.get(), refundAfter))) {
            case UpdateRefundPreferencesUseCase.Outcome.Stored stored -> Optional.empty();
            case UpdateRefundPreferencesUseCase.Outcome.ChildKey child ->
                Optional.of(widen(ErrorResponses.of(
                        HttpStatus.FORBIDDEN,
                        "A child key cannot set Refund-LNURL or Key-Expiry-Time: its balance belongs to its parent "
                                + "key.",
                        "invalid_request_error",
                        "child_key_refund_forbidden",
                        request)));
            case UpdateRefundPreferencesUseCase.Outcome.UnknownKey unknown ->
                Optional.of(widen(BillingErrors.invalidApiKey(request)));
        };
    }

    private static long tokensOf(ForwardOutcome outcome) {
        RequestBill bill = switch (outcome) {
            case ForwardOutcome.Completed completed -> completed.bill();
            case ForwardOutcome.Streamed streamed -> streamed.bill();
            default -> null;
        };
        return bill == null ? 0 : bill.usage().totalInputTokens() + bill.usage().billableOutputTokens();
    }

    private ResponseEntity<Object> respond(ForwardOutcome outcome, HttpServletRequest request) {
        return switch (outcome) {
            case ForwardOutcome.Completed completed -> completed(completed);
            // Already written to the client: nothing more to send.
            case ForwardOutcome.Streamed ignored -> null;
            case ForwardOutcome.UpstreamFailed failed -> upstreamFailed(failed, request);
            case ForwardOutcome.PaymentRefused refused ->
                widen(BillingErrors.reservationFailed(refused.reason(), request));
            case ForwardOutcome.UnknownModel unknown -> unknownModel(unknown.model(), request);
            case ForwardOutcome.PriceUnavailable ignored -> priceUnavailable(request);
            case ForwardOutcome.InvalidRequest invalid -> invalidRequest(invalid.message(), request);
        };
    }

    private static ResponseEntity<Object> unknownModel(String model, HttpServletRequest request) {
        return widen(ErrorResponses.of(
                HttpStatus.BAD_REQUEST,
                "Model '" + model + "' not found",
                "invalid_model",
                "model_not_found",
                request));
    }

    private static ResponseEntity<Object> priceUnavailable(HttpServletRequest request) {
        return widen(ErrorResponses.of(
                HttpStatus.SERVICE_UNAVAILABLE,
                "Prices are unavailable: no BTC/USD exchange rate could be obtained yet. Try again shortly.",
                "api_error",
                "exchange_rate_unavailable",
                request));
    }

    private static ResponseEntity<Object> invalidRequest(String message, HttpServletRequest request) {
        return widen(ErrorResponses.of(
                HttpStatus.BAD_REQUEST, message, "invalid_request_error", "invalid_request", request));
    }

    private static ResponseEntity<Object> completed(ForwardOutcome.Completed completed) {
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(completed.status());
        completed.headers().forEach((name, values) -> {
            if (PASSED_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                builder.header(name, values.toArray(String[]::new));
            }
        });
        RequestBill bill = completed.bill();
        builder.header(COST_MSATS, Long.toString(bill.cost().total().value()));
        builder.header(INPUT_COST_MSATS, Long.toString(bill.cost().input().value()));
        builder.header(OUTPUT_COST_MSATS, Long.toString(bill.cost().output().value()));
        if (bill.cost().totalUsd().signum() > 0) {
            builder.header(COST_USD, bill.cost().totalUsd().toPlainString());
        }
        builder.header("x-routstr-provider", bill.provider());
        if (completed.json().isPresent()) {
            return builder.contentType(MediaType.APPLICATION_JSON)
                    .body(completed.json().get());
        }
        return builder.contentType(MediaType.parseMediaType(completed.contentType()))
                .body(completed.body());
    }

    private static ResponseEntity<Object> upstreamFailed(
            ForwardOutcome.UpstreamFailed failed, HttpServletRequest request) {
        Map<String, Object> body = new LinkedHashMap<>(failed.body());
        body.put("request_id", RequestIdFilter.idOf(request));
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(failed.status())
                .contentType(MediaType.APPLICATION_JSON)
                // Routstr §17: the failure is the upstream's, not the node's nor the payment's; clients fail over on
                // it.
                .header(ERROR_SCOPE, "upstream");
        if (failed.retryAfter().isPresent()) {
            builder.header(
                    HttpHeaders.RETRY_AFTER,
                    Long.toString(Math.max(1, failed.retryAfter().get().toSeconds())));
        } else if (failed.status() == 429) {
            // Routstr §7.3: a rate-limited answer always says when to retry.
            builder.header(HttpHeaders.RETRY_AFTER, "1");
        }
        return builder.body(body);
    }

    private static ResponseEntity<Object> rateLimited(RateDecision.Limited limited, HttpServletRequest request) {
        ApiError error = new ApiError(
                new ApiError.Body(
                        "Rate limit exceeded: " + limited.limit() + " is " + limited.value() + " for this key.",
                        "rate_limit_error",
                        "rate_limit_exceeded",
                        Map.of("limit_name", limited.limit(), "limit", limited.value())),
                RequestIdFilter.idOf(request));
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .contentType(MediaType.APPLICATION_JSON)
                .header(
                        HttpHeaders.RETRY_AFTER,
                        Long.toString(Math.max(1, limited.retryAfter().toSeconds())))
                .body(error);
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
