package io.routstr.gateway.application.service;

import io.routstr.gateway.application.port.in.proxy.FindModelRoutesUseCase;
import io.routstr.gateway.application.port.in.proxy.ForwardLlmRequestCommand;
import io.routstr.gateway.application.port.in.proxy.ForwardLlmRequestUseCase;
import io.routstr.gateway.application.port.in.proxy.ForwardOutcome;
import io.routstr.gateway.application.port.in.proxy.RequestBill;
import io.routstr.gateway.application.port.in.proxy.RequestCostBasis;
import io.routstr.gateway.application.port.in.proxy.RequestPayer;
import io.routstr.gateway.application.port.in.proxy.RequestPayer.HoldOutcome;
import io.routstr.gateway.application.port.in.proxy.RequestPayer.PaymentHold;
import io.routstr.gateway.application.port.in.proxy.RequestPayer.PaymentReceipt;
import io.routstr.gateway.application.port.in.proxy.ResponseSink;
import io.routstr.gateway.application.port.out.ClockPort;
import io.routstr.gateway.application.port.out.ExchangeRatePort;
import io.routstr.gateway.application.port.out.UpstreamPort;
import io.routstr.gateway.application.port.out.UpstreamPort.StreamRead;
import io.routstr.gateway.application.port.out.UpstreamPort.UpstreamFailure;
import io.routstr.gateway.application.port.out.UpstreamPort.UpstreamOutcome;
import io.routstr.gateway.application.port.out.UpstreamPort.UpstreamRequest;
import io.routstr.gateway.domain.ledger.ChargeDetails;
import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.domain.pricing.BtcUsdRate;
import io.routstr.gateway.domain.pricing.CostCalculator;
import io.routstr.gateway.domain.pricing.MaxCostEstimator;
import io.routstr.gateway.domain.pricing.RequestCost;
import io.routstr.gateway.domain.pricing.RequestShape;
import io.routstr.gateway.domain.pricing.ReservationBound;
import io.routstr.gateway.domain.provider.ModelPath;
import io.routstr.gateway.domain.provider.ModelRoute;
import io.routstr.gateway.domain.proxy.ApiEndpoint;
import io.routstr.gateway.domain.proxy.SseEvent;
import io.routstr.gateway.domain.usage.TokenUsage;
import io.routstr.gateway.domain.usage.UsageEstimator;
import io.routstr.gateway.domain.usage.UsageNormalizer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards one LLM request and bills it exactly (Routstr §4.3–4.7, with its flaws of §13–14 fixed).
 *
 * <ol>
 *   <li>Resolve the model to its routes, best first; bound what the request can cost on the first with
 *       {@link MaxCostEstimator} (every choice, the whole prompt with tools and images, the model's maximum output
 *       when the client caps none) and hold that much from the payer (a short database transaction). A request
 *       nothing bounds is refused; one whose bound exceeds the payer's funds is refused as unpaid.
 *   <li>Forward, holding no transaction. A failure that proves the upstream did not process the request (refused
 *       connection, open circuit, 503, 429 with {@code Retry-After}) moves on to the next route, before anything
 *       reached the client; when that route is pricier its maximum cost is held instead of the old one.
 *   <li>Charge from the upstream's usage at the serving route's price, never more than the hold (the excess, possible
 *       only when an upstream bills beyond its own limits, is the node's shortfall, reported in the bill); an answer
 *       without usage is charged an estimate from its text, tool calls and reasoning. An extra allowed path
 *       ({@link ApiEndpoint#OTHER}) is charged per request instead ({@link CostCalculator#perRequest}), and holds at
 *       least that much. A stream is charged before its last event is written, so a client that reads its balance
 *       right after the stream sees the charge.
 *   <li>A client that leaves mid-stream pays for what was generated: reading goes on for the drain window, and the
 *       upstream's usage is billed if it arrives, else an estimate from the text streamed so far. Neither free (as in
 *       Routstr, §14) nor the whole reservation.
 *   <li>A stream lasts at most the maximum request lifetime: then it is cut, billed for what was generated, and
 *       closed with its billed trailer, before the sweep may touch its hold (lifetime plus the stale timeout).
 *   <li>Whatever happens, a hold that was not charged is released, in {@code finally}.
 * </ol>
 */
public final class ForwardLlmRequestService implements ForwardLlmRequestUseCase {

    private static final Logger log = LoggerFactory.getLogger(ForwardLlmRequestService.class);
    private static final Duration NO_LIMIT = Duration.ofDays(1);
    /** Routstr's status for an upstream that is down or timed out (§17): "Failed Dependency". */
    private static final int UPSTREAM_UNAVAILABLE_STATUS = 424;

    private final FindModelRoutesUseCase catalog;
    private final ExchangeRatePort rates;
    private final UpstreamPort upstream;
    private final MaxCostEstimator estimator;
    private final CostCalculator calculator;
    private final ProxyPolicy policy;
    private final ClockPort clock;

    public ForwardLlmRequestService(
            FindModelRoutesUseCase catalog,
            ExchangeRatePort rates,
            UpstreamPort upstream,
            MaxCostEstimator estimator,
            CostCalculator calculator,
            ProxyPolicy policy,
            ClockPort clock) {
        this.catalog = catalog;
        this.rates = rates;
        this.upstream = upstream;
        this.estimator = estimator;
        this.calculator = calculator;
        this.policy = policy;
        this.clock = clock;
    }

    @Override
    public ForwardOutcome forward(ForwardLlmRequestCommand command, ResponseSink sink) {
        Optional<String> model = RequestBodies.model(command.endpoint(), command.body());
        if (model.isEmpty()) {
            return new ForwardOutcome.InvalidRequest("The request body has no 'model'");
        }
        Optional<String> invalidChoices = RequestBodies.invalidChoices(command.body());
        if (invalidChoices.isPresent()) {
            return new ForwardOutcome.InvalidRequest(invalidChoices.get());
        }
        List<ModelRoute> routes = catalog.candidates(model.get());
        if (routes.isEmpty()) {
            return new ForwardOutcome.UnknownModel(model.get());
        }
        Optional<String> pinned = RequestBodies.modelPath(command.headers());
        if (pinned.isPresent()) {
            // Routstr §17 (PR #720): a pinned path is served by that route alone, never failed over.
            routes = ModelPath.pin(routes, pinned.get());
            if (routes.isEmpty()) {
                return new ForwardOutcome.InvalidRequest("Model path '" + pinned.get() + "' does not serve model '"
                        + model.get() + "'; GET /v1/models/paths lists the paths of every model");
            }
        }
        // A pre-check's rate is kept: the bound its token was checked against is the bound held.
        Optional<RequestCostBasis> basis = command.costBasis();
        Optional<BtcUsdRate> rate = basis.isPresent() ? basis.get().rate() : rates.current();
        // Fixed prices are in sats: only a request some route bills in USD waits for a rate.
        boolean perRequest = command.endpoint() == ApiEndpoint.OTHER;
        if (rate.isEmpty() && routes.stream().anyMatch(r -> calculator.needsRate(r.price(), perRequest))) {
            return new ForwardOutcome.PriceUnavailable();
        }
        return new Attempt(command, sink, model.get(), rate).run(routes);
    }

    /** One request's way through its routes; holds the payment state so that {@code finally} can release it. */
    private final class Attempt {

        private final ForwardLlmRequestCommand command;
        private final ResponseSink sink;
        private final String clientModel;
        private final Optional<BtcUsdRate> rate;
        private final RequestPayer payer;
        private final RequestShape shape;
        private final long promptCharacters;
        private final ResponseDialect dialect;
        private final Instant cutAt;
        private PaymentHold hold;
        private boolean charged;

        Attempt(ForwardLlmRequestCommand command, ResponseSink sink, String clientModel, Optional<BtcUsdRate> rate) {
            this.command = command;
            this.sink = sink;
            this.clientModel = clientModel;
            this.rate = rate;
            this.payer = command.payer();
            this.shape = command.costBasis()
                    .map(RequestCostBasis::shape)
                    .orElseGet(() -> RequestBodies.shape(command.endpoint(), command.body()));
            this.promptCharacters = RequestBodies.promptCharacters(command.body());
            this.dialect = new ResponseDialect(command.endpoint());
            // Before any hold is taken, so the cut always comes before the sweep's over-age cutoff of every hold.
            this.cutAt = clock.now().plus(policy.maxRequestLifetime());
        }

        ForwardOutcome run(List<ModelRoute> routes) {
            UpstreamFailure lastFailure = null;
            ReservationBound.Unbounded unbounded = null;
            try {
                for (int i = 0; i < routes.size(); i++) {
                    ModelRoute route = routes.get(i);
                    Msats maxCost;
                    switch (estimator.bound(route.price(), rate, shape)) {
                        case ReservationBound.Bounded bounded -> maxCost = bounded.amount();
                        case ReservationBound.Unbounded none -> {
                            if (!billedPerRequest()) {
                                // Nothing bounds what this route may bill: it is not tried, another may have limits.
                                unbounded = none;
                                continue;
                            }
                            // An extra allowed path is billed per request: its flat price is its bound.
                            maxCost = Msats.ZERO;
                        }
                    }
                    if (billedPerRequest()) {
                        maxCost = maxCost.max(calculator
                                .perRequest(Optional.empty(), route.price(), rate, maxCost)
                                .total());
                    }
                    if (hold == null || maxCost.isGreaterThan(hold.amount())) {
                        // Routstr §4.4: a pricier fallback holds its own maximum cost, not the first route's.
                        if (hold != null) {
                            PaymentHold previous = hold;
                            hold = null;
                            payer.release(previous);
                        }
                        switch (payer.hold(maxCost)) {
                            case HoldOutcome.Held held -> hold = held.hold();
                            case HoldOutcome.Refused refused -> {
                                return lastFailure == null
                                        ? new ForwardOutcome.PaymentRefused(refused.reason())
                                        : failed(lastFailure);
                            }
                        }
                    }
                    UpstreamOutcome outcome = upstream.send(new UpstreamRequest(
                            route,
                            command.endpoint(),
                            command.path(),
                            command.body(),
                            command.headers(),
                            clientModel,
                            command.stream()));
                    switch (outcome) {
                        case UpstreamOutcome.Answered answered -> {
                            return billAnswer(route, answered);
                        }
                        case UpstreamOutcome.Streaming streaming -> {
                            return billStream(route, streaming);
                        }
                        case UpstreamOutcome.Failed failed -> {
                            lastFailure = failed.failure();
                            if (!failed.failure().certainlyNotProcessed()) {
                                return failed(lastFailure);
                            }
                        }
                    }
                }
                if (lastFailure == null && unbounded != null) {
                    return new ForwardOutcome.InvalidRequest(unboundedMessage(unbounded.part()));
                }
                return failed(lastFailure);
            } finally {
                if (hold != null && !charged) {
                    payer.release(hold);
                }
            }
        }

        private ForwardOutcome billAnswer(ModelRoute route, UpstreamOutcome.Answered answered) {
            Map<String, Object> upstreamUsage = answered.json()
                    .map(json -> json.get("usage") instanceof Map<?, ?> u ? copy(u) : Map.<String, Object>of())
                    .orElse(Map.of());
            Optional<TokenUsage> usage = answered.json().flatMap(UsageNormalizer::fromResponse);
            long outputCharacters =
                    answered.json().map(dialect::answerTextCharacters).orElse(0L);
            Billed billed = charge(route, usage, outputCharacters);
            answered.json().ifPresent(json -> dialect.writeBill(json, upstreamUsage, billed.usage(), billed.bill()));
            return new ForwardOutcome.Completed(
                    answered.status(),
                    answered.headers(),
                    answered.body(),
                    answered.contentType(),
                    answered.json(),
                    billed.bill());
        }

        private ForwardOutcome billStream(ModelRoute route, UpstreamOutcome.Streaming streaming) {
            boolean clientWantsUsage = RequestBodies.clientWantsUsage(command.body());
            Map<String, Object> upstreamUsage = new LinkedHashMap<>();
            List<SseEvent> heldBack = new ArrayList<>();
            SseEvent usageChunk = null;
            boolean sawDone = false;
            boolean usageComplete = false;
            boolean cut = false;
            long outputCharacters = 0;
            String lastId = null;
            boolean clientGone = !sink.open();
            long drainDeadline = clientGone
                    ? System.nanoTime() + policy.disconnectDrainWindow().toNanos()
                    : 0;
            try (UpstreamPort.EventStream events = streaming.events()) {
                while (true) {
                    Duration wait = clientGone ? Duration.ofNanos(drainDeadline - System.nanoTime()) : NO_LIMIT;
                    if (clientGone && (usageComplete || wait.isNegative() || wait.isZero())) {
                        break;
                    }
                    Duration lifeLeft = Duration.between(clock.now(), cutAt);
                    if (lifeLeft.isNegative() || lifeLeft.isZero()) {
                        cut = true;
                        break;
                    }
                    StreamRead read = events.next(lifeLeft.compareTo(wait) < 0 ? lifeLeft : wait);
                    if (!(read instanceof StreamRead.Event(SseEvent event))) {
                        if (read instanceof StreamRead.Stalled) {
                            // Nothing yet, the stream still open: the loop checks the drain window and lifetime.
                            continue;
                        }
                        if (read instanceof StreamRead.Broken broken) {
                            log.warn(
                                    "Upstream stream from {} broke: {}",
                                    route.provider().label(),
                                    broken.reason());
                        }
                        break;
                    }
                    if (event.isDone()) {
                        sawDone = true;
                        continue;
                    }
                    boolean forward = true;
                    if (event.json().isPresent()) {
                        Map<String, Object> json = event.json().get();
                        dialect.eventUsage(json).ifPresent(upstreamUsage::putAll);
                        usageComplete |= dialect.completesUsage(json);
                        outputCharacters += dialect.eventTextCharacters(json);
                        if (json.get("id") instanceof String id) {
                            lastId = id;
                        }
                        if (dialect.isUsageOnly(json)) {
                            // Routstr §4.7: the usage chunk is replaced by a billed one, sent only if asked for.
                            usageChunk = event;
                            forward = false;
                        } else if (!heldBack.isEmpty() || dialect.isFinal(json)) {
                            // The final event and all after it wait for the charge, keeping their order.
                            heldBack.add(event);
                            forward = false;
                        }
                    } else if (!heldBack.isEmpty()) {
                        heldBack.add(event);
                        forward = false;
                    }
                    if (forward && !clientGone && !sink.send(event)) {
                        clientGone = true;
                        drainDeadline = System.nanoTime()
                                + policy.disconnectDrainWindow().toNanos();
                    }
                }
            }
            if (cut) {
                log.warn(
                        "Cut a stream from {} at the maximum request lifetime of {}",
                        route.provider().label(),
                        policy.maxRequestLifetime());
            }
            Optional<TokenUsage> usage =
                    upstreamUsage.isEmpty() ? Optional.empty() : UsageNormalizer.fromMap(upstreamUsage);
            Billed billed = charge(route, usage, outputCharacters);
            if (!clientGone) {
                // A cut chat stream still ends as a stream does, so that clients stop reading cleanly.
                boolean done = sawDone
                        || (cut
                                && command.endpoint() != ApiEndpoint.RESPONSES
                                && command.endpoint() != ApiEndpoint.MESSAGES);
                writeTrailer(upstreamUsage, billed, heldBack, usageChunk, clientWantsUsage, lastId, done);
            }
            return new ForwardOutcome.Streamed(billed.bill(), clientGone);
        }

        /** The held-back final events with the bill written in, then {@code [DONE]} if the upstream sent it. */
        private void writeTrailer(
                Map<String, Object> upstreamUsage,
                Billed billed,
                List<SseEvent> heldBack,
                SseEvent usageChunk,
                boolean clientWantsUsage,
                String lastId,
                boolean sawDone) {
            List<SseEvent> trailer = new ArrayList<>(heldBack);
            boolean chatShaped =
                    command.endpoint() != ApiEndpoint.RESPONSES && command.endpoint() != ApiEndpoint.MESSAGES;
            Optional<SseEvent> billTarget =
                    heldBack.stream().filter(e -> e.json().isPresent()).findFirst();
            if (chatShaped && (clientWantsUsage || billTarget.isEmpty())) {
                SseEvent chunk =
                        usageChunk != null ? usageChunk : SseEvent.ofJson(Optional.empty(), usageOnlyChunk(lastId));
                heldBack.forEach(e -> e.json().ifPresent(json -> json.remove("usage")));
                trailer.add(chunk);
                billTarget = Optional.of(chunk);
            }
            billTarget
                    .flatMap(SseEvent::json)
                    .ifPresent(json -> dialect.writeBill(json, upstreamUsage, billed.usage(), billed.bill()));
            for (SseEvent event : trailer) {
                if (!sink.send(event)) {
                    return;
                }
            }
            if (sawDone) {
                sink.send(SseEvent.done());
            }
        }

        private Map<String, Object> usageOnlyChunk(String lastId) {
            Map<String, Object> chunk = new LinkedHashMap<>();
            chunk.put("id", lastId != null ? lastId : "chatcmpl-" + java.util.UUID.randomUUID());
            chunk.put("object", "chat.completion.chunk");
            chunk.put("created", System.currentTimeMillis() / 1000);
            chunk.put("model", clientModel);
            chunk.put("choices", List.of());
            return chunk;
        }

        /**
         * Prices the request at the serving route and charges it, never more than the hold; from here on the hold is
         * spent. What the request cost beyond the charge (an upstream that billed beyond its own limits) is the
         * node's shortfall, reported in the bill.
         */
        private Billed charge(ModelRoute route, Optional<TokenUsage> usage, long outputCharacters) {
            RequestCost fullCost;
            TokenUsage reported;
            if (billedPerRequest()) {
                reported = usage.orElseGet(() -> UsageEstimator.estimate(promptCharacters, outputCharacters));
                fullCost = calculator.perRequest(usage, route.price(), rate, hold.amount());
            } else if (usage.isPresent()) {
                reported = usage.get();
                fullCost = calculator.cost(reported, route.price(), rate, hold.amount());
            } else {
                reported = UsageEstimator.estimate(promptCharacters, outputCharacters);
                fullCost = calculator.estimateFromText(
                        promptCharacters, outputCharacters, route.price(), rate, hold.amount());
            }
            // The client agreed to hold this much: a key never pays, nor a child key spends, more than it held.
            RequestCost cost = fullCost.cappedAt(hold.amount(), rate);
            PaymentReceipt receipt = payer.charge(
                    hold,
                    cost.total(),
                    ChargeDetails.of(route.modelId(), route.provider().label(), reported));
            charged = true;
            Msats shortfall = fullCost.total().minusOrZero(receipt.charged());
            if (shortfall.isPositive()) {
                log.warn(
                        "Charged {} of a {} cost at {}: the node absorbs the rest",
                        receipt.charged(),
                        fullCost.total(),
                        route.provider().label());
            }
            return new Billed(
                    new RequestBill(
                            cost,
                            receipt.charged(),
                            receipt.remainingBalance(),
                            route.provider().type().wireName(),
                            reported,
                            shortfall),
                    reported);
        }

        private String unboundedMessage(ReservationBound.UnboundedPart part) {
            return switch (part) {
                case OUTPUT ->
                    "Cannot bound the cost of this request: model '" + clientModel + "' publishes no context length or"
                            + " maximum completion tokens. Set 'max_tokens' (or 'max_completion_tokens',"
                            + " 'max_output_tokens').";
                case PROMPT ->
                    "Cannot bound the cost of this request: its input includes content whose size is not in the body"
                            + " (files, audio, stored responses or server-side tools) and model '" + clientModel
                            + "' publishes no context length.";
            };
        }

        /** An extra allowed path: its answers (images, audio) are priced per request, not from their text. */
        private boolean billedPerRequest() {
            return command.endpoint() == ApiEndpoint.OTHER;
        }

        /**
         * Routstr §17: an upstream that is down, answers 5xx or times out is a 424 {@code UPSTREAM_UNAVAILABLE} naming
         * the upstream's status (or what a gateway would have answered when there was none: 504 for a timeout, 502 for
         * a failed connection, 503 for an open circuit), so that clients fail over instead of blaming the node. A rate
         * limit stays 429 and any other refusal keeps the upstream's status and body.
         */
        private ForwardOutcome failed(UpstreamFailure failure) {
            int status = failure.status() > 0
                    ? failure.status()
                    : switch (failure.kind()) {
                        case CIRCUIT_OPEN, BULKHEAD_FULL, UNAVAILABLE -> 503;
                        case TIMEOUT -> 504;
                        case RATE_LIMITED -> 429;
                        case CONNECT_FAILED, HTTP_ERROR, BROKEN -> 502;
                    };
            boolean unavailable = switch (failure.kind()) {
                case CONNECT_FAILED, CIRCUIT_OPEN, BULKHEAD_FULL, UNAVAILABLE, TIMEOUT, BROKEN -> true;
                case RATE_LIMITED -> false;
                case HTTP_ERROR -> status >= 500;
            };
            if (!unavailable) {
                return new ForwardOutcome.UpstreamFailed(status, failure.body(), failure.retryAfter(), false);
            }
            return new ForwardOutcome.UpstreamFailed(
                    UPSTREAM_UNAVAILABLE_STATUS, unavailableBody(failure, status), failure.retryAfter(), true);
        }

        private Map<String, Object> unavailableBody(UpstreamFailure failure, int upstreamStatus) {
            Map<String, Object> error = new LinkedHashMap<>();
            if (failure.body().get("error") instanceof Map<?, ?> upstreamError) {
                upstreamError.forEach((k, v) -> error.put(String.valueOf(k), v));
            }
            if (!(error.get("message") instanceof String message) || message.isBlank()) {
                error.put(
                        "message",
                        failure.kind() == UpstreamPort.FailureKind.TIMEOUT
                                ? "The upstream provider timed out"
                                : "The upstream provider is unavailable");
            }
            error.put("type", "upstream_error");
            error.put("code", "UPSTREAM_UNAVAILABLE");
            error.put("upstream_status", upstreamStatus);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", error);
            return body;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> copy(Map<?, ?> map) {
        return new LinkedHashMap<>((Map<String, Object>) map);
    }

    /** A charge and the usage it was computed from (reported or estimated). */
    private record Billed(RequestBill bill, TokenUsage usage) {}
}
