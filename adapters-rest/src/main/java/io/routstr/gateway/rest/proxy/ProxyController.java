package io.routstr.gateway.rest.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.routstr.gateway.application.port.in.key.AuthenticateApiKeyUseCase;
import io.routstr.gateway.application.port.in.proxy.ForwardLlmRequestCommand;
import io.routstr.gateway.application.port.in.proxy.ForwardLlmRequestUseCase;
import io.routstr.gateway.application.port.in.proxy.ForwardOutcome;
import io.routstr.gateway.application.port.in.proxy.LimitRequestRateUseCase;
import io.routstr.gateway.application.port.in.proxy.LimitRequestRateUseCase.RateDecision;
import io.routstr.gateway.application.port.in.proxy.PayWithApiKeyUseCase;
import io.routstr.gateway.application.port.in.proxy.RequestBill;
import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.proxy.ApiEndpoint;
import io.routstr.gateway.rest.auth.BearerCredential;
import io.routstr.gateway.rest.error.ApiError;
import io.routstr.gateway.rest.error.BillingErrors;
import io.routstr.gateway.rest.error.ErrorResponses;
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
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The OpenAI-compatible proxy routes (Routstr §2.4), with and without {@code /v1}: authenticated by an {@code sk-}
 * key, rate limited, forwarded, billed. Streams are written as they arrive; whole answers carry the
 * {@code X-Routstr-*-Cost-*} headers (§4.9).
 */
@RestController
@Tag(name = "Proxy", description = "OpenAI-compatible inference, billed per request in msats")
@SecurityRequirement(name = "bearer")
class ProxyController {

    static final String COST_MSATS = "X-Routstr-Cost-Msats";
    static final String INPUT_COST_MSATS = "X-Routstr-Input-Cost-Msats";
    static final String OUTPUT_COST_MSATS = "X-Routstr-Output-Cost-Msats";
    static final String COST_USD = "X-Routstr-Cost-Usd";

    /** Upstream response headers a whole answer passes on (Routstr §4.9). */
    private static final List<String> PASSED_HEADERS = List.of("cache-control", "vary");

    private final AuthenticateApiKeyUseCase authenticate;
    private final PayWithApiKeyUseCase payWithApiKey;
    private final ForwardLlmRequestUseCase forward;
    private final LimitRequestRateUseCase rateLimits;
    private final ObjectMapper mapper;

    ProxyController(
            AuthenticateApiKeyUseCase authenticate,
            PayWithApiKeyUseCase payWithApiKey,
            ForwardLlmRequestUseCase forward,
            LimitRequestRateUseCase rateLimits,
            ObjectMapper mapper) {
        this.authenticate = authenticate;
        this.payWithApiKey = payWithApiKey;
        this.forward = forward;
        this.rateLimits = rateLimits;
        this.mapper = mapper;
    }

    @Operation(
            summary = "Chat completion",
            description =
                    "OpenAI Chat Completions. With \"stream\": true the answer is text/event-stream, flushed per "
                            + "event; its final chunk carries usage and usage.cost (msats). Usage is always requested upstream.",
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
                        content = @Content(schema = @Schema(implementation = ApiError.class)))
            })
    @PostMapping(
            path = {"/v1/chat/completions", "/chat/completions"},
            consumes = MediaType.ALL_VALUE)
    ResponseEntity<Object> chatCompletions(
            @RequestBody Map<String, Object> body, HttpServletRequest request, HttpServletResponse response) {
        return handle(ApiEndpoint.CHAT_COMPLETIONS, ApiEndpoint.CHAT_COMPLETIONS.path(), body, request, response);
    }

    @Operation(
            summary = "Legacy text completion",
            description = "OpenAI Completions, streaming or not; billed from usage.")
    @PostMapping(
            path = {"/v1/completions", "/completions"},
            consumes = MediaType.ALL_VALUE)
    ResponseEntity<Object> completions(
            @RequestBody Map<String, Object> body, HttpServletRequest request, HttpServletResponse response) {
        return handle(ApiEndpoint.COMPLETIONS, ApiEndpoint.COMPLETIONS.path(), body, request, response);
    }

    @Operation(summary = "Embeddings", description = "OpenAI Embeddings; billed from usage.prompt_tokens.")
    @PostMapping(
            path = {"/v1/embeddings", "/embeddings"},
            consumes = MediaType.ALL_VALUE)
    ResponseEntity<Object> embeddings(
            @RequestBody Map<String, Object> body, HttpServletRequest request, HttpServletResponse response) {
        return handle(ApiEndpoint.EMBEDDINGS, ApiEndpoint.EMBEDDINGS.path(), body, request, response);
    }

    @Operation(
            summary = "Responses",
            description = "OpenAI Responses API; a stream's usage and cost are in its response.completed event.")
    @PostMapping(
            path = {"/v1/responses", "/responses"},
            consumes = MediaType.ALL_VALUE)
    ResponseEntity<Object> responses(
            @RequestBody Map<String, Object> body, HttpServletRequest request, HttpServletResponse response) {
        return handle(ApiEndpoint.RESPONSES, ApiEndpoint.RESPONSES.path(), body, request, response);
    }

    @Operation(
            summary = "Anthropic Messages",
            description = "Forwarded as it is to providers that speak Messages (Anthropic, OpenRouter), translated to "
                    + "and from Chat Completions for the others; usage and cost in message_delta when streaming.")
    @PostMapping(
            path = {"/v1/messages", "/messages"},
            consumes = MediaType.ALL_VALUE)
    ResponseEntity<Object> messages(
            @RequestBody Map<String, Object> body, HttpServletRequest request, HttpServletResponse response) {
        return handle(ApiEndpoint.MESSAGES, ApiEndpoint.MESSAGES.path(), body, request, response);
    }

    @Operation(
            summary = "Any other OpenAI-compatible POST",
            description = "Forwarded as it is to the model's provider and billed from usage when the answer has "
                    + "one, else estimated from its text.")
    @PostMapping(path = "/v1/**", consumes = MediaType.ALL_VALUE)
    ResponseEntity<Object> other(
            @RequestBody Map<String, Object> body,
            @Parameter(hidden = true) HttpServletRequest request,
            HttpServletResponse response) {
        String path = request.getRequestURI().substring("/v1/".length());
        return handle(ApiEndpoint.OTHER, path, body, request, response);
    }

    /** A GET under {@code /v1} that no route serves: Routstr's not-found body, not a 405 from the POST catch-all. */
    @Operation(hidden = true)
    @GetMapping(path = "/v1/**")
    ResponseEntity<Object> unknownGet(HttpServletRequest request) {
        return widen(ErrorResponses.of(
                HttpStatus.NOT_FOUND,
                "Path '" + request.getRequestURI() + "' not found",
                "not_found",
                "not_found",
                request));
    }

    private ResponseEntity<Object> handle(
            ApiEndpoint endpoint,
            String path,
            Map<String, Object> body,
            HttpServletRequest request,
            HttpServletResponse response) {
        Optional<ApiKey> key;
        switch (BearerCredential.parse(Optional.ofNullable(request.getHeader(HttpHeaders.AUTHORIZATION)))) {
            case BearerCredential.Missing ignored -> {
                return widen(BillingErrors.missingApiKey(request));
            }
            case BearerCredential.Unrecognised ignored -> {
                return widen(BillingErrors.invalidApiKey(request));
            }
            case BearerCredential.CashuToken ignored -> {
                // Paying with a Cashu token as the bearer (Routstr §3.2) arrives with the wallet; until then a 401.
                return widen(ErrorResponses.of(
                        HttpStatus.UNAUTHORIZED,
                        "Paying with a Cashu token is not available on this node yet; use an 'sk-...' API key.",
                        "invalid_request_error",
                        "invalid_api_key",
                        request));
            }
            case BearerCredential.Key presented -> key = authenticate.authenticate(presented.secret());
        }
        if (key.isEmpty()) {
            return widen(BillingErrors.invalidApiKey(request));
        }
        RateDecision decision = rateLimits.admit(key.get().id());
        if (decision instanceof RateDecision.Limited limited) {
            return rateLimited(limited, request);
        }
        RateDecision.Admitted admitted = (RateDecision.Admitted) decision;
        long tokens = 0;
        try {
            ServletSseSink sink = new ServletSseSink(response, mapper);
            ForwardOutcome outcome = forward.forward(
                    new ForwardLlmRequestCommand(
                            endpoint,
                            path,
                            body,
                            headersOf(request),
                            payWithApiKey.payerFor(key.get().id())),
                    sink);
            tokens = tokensOf(outcome);
            return respond(outcome, request);
        } finally {
            rateLimits.finish(admitted, tokens);
        }
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
            case ForwardOutcome.UnknownModel unknown ->
                widen(ErrorResponses.of(
                        HttpStatus.BAD_REQUEST,
                        "Model '" + unknown.model() + "' not found",
                        "invalid_model",
                        "model_not_found",
                        request));
            case ForwardOutcome.PriceUnavailable ignored ->
                widen(ErrorResponses.of(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "Prices are unavailable: no BTC/USD exchange rate could be obtained yet. Try again shortly.",
                        "api_error",
                        "exchange_rate_unavailable",
                        request));
            case ForwardOutcome.InvalidRequest invalid ->
                widen(ErrorResponses.of(
                        HttpStatus.BAD_REQUEST,
                        invalid.message(),
                        "invalid_request_error",
                        "invalid_request",
                        request));
        };
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
        ResponseEntity.BodyBuilder builder =
                ResponseEntity.status(failed.status()).contentType(MediaType.APPLICATION_JSON);
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
