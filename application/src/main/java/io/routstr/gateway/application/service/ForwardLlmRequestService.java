package io.routstr.gateway.application.service;

import io.routstr.gateway.application.port.in.proxy.FindModelRoutesUseCase;
import io.routstr.gateway.application.port.in.proxy.ForwardLlmRequestCommand;
import io.routstr.gateway.application.port.in.proxy.ForwardLlmRequestUseCase;
import io.routstr.gateway.application.port.in.proxy.ForwardOutcome;
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
import io.routstr.gateway.application.port.out.UpstreamPort.UpstreamAnswer;
import io.routstr.gateway.application.port.out.UpstreamPort.UpstreamEvent;
import io.routstr.gateway.application.port.out.UpstreamPort.UpstreamFailure;
import io.routstr.gateway.application.port.out.UpstreamPort.UpstreamOutcome;
import io.routstr.gateway.application.port.out.UpstreamPort.UpstreamRequest;
import io.routstr.gateway.domain.ledger.ChargeDetails;
import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.domain.pricing.BtcUsdRate;
import io.routstr.gateway.domain.pricing.CostCalculator;
import io.routstr.gateway.domain.pricing.MaxCostEstimator;
import io.routstr.gateway.domain.pricing.RequestBill;
import io.routstr.gateway.domain.pricing.RequestCost;
import io.routstr.gateway.domain.pricing.RequestShape;
import io.routstr.gateway.domain.pricing.ReservationBound;
import io.routstr.gateway.domain.provider.ModelPath;
import io.routstr.gateway.domain.provider.ModelRoute;
import io.routstr.gateway.domain.proxy.ApiEndpoint;
import io.routstr.gateway.domain.proxy.ModelId;
import io.routstr.gateway.domain.usage.TokenUsage;
import io.routstr.gateway.domain.usage.UsageEstimator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards one LLM request and bills it exactly (Routstr §4.3–4.7, with its flaws of §13–14 fixed).
 *
 * <ol>
 *   <li>Resolve the model to its routes, best first; bound what the request can cost on the first with
 *       {@link MaxCostEstimator} (every choice, the whole prompt with tools and images, the model's maximum output
 *       when the client caps none) and hold that much from the payer (one statement, whose commit leaves its wait
 *       for the disk to the charge's, or to the flush a stream asks for before its first byte). A request
 *       nothing bounds is refused; one whose bound exceeds the payer's funds is refused as unpaid.
 *   <li>Forward, holding no transaction. A 5xx is tried again on the same route up to the configured retries
 *       (Routstr §17). A failure that proves the upstream did not process the request (refused
 *       connection, open circuit, 503, 429 with {@code Retry-After}) moves on to the next route, before anything
 *       reached the client; when that route is pricier its maximum cost is held instead of the old one.
 *   <li>Charge from the upstream's usage at the serving route's price, never more than the hold (the excess, possible
 *       only when an upstream bills beyond its own limits, is the node's shortfall, reported in the bill); an answer
 *       without usage is charged an estimate from its text, tool calls and reasoning. An extra allowed path or a multipart
 *       endpoint ({@link ApiEndpoint#billedPerRequest()}) is charged per request instead ({@link CostCalculator#perRequest}), and holds at
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
        ModelId model = command.request().model();
        List<ModelRoute> routes = catalog.candidates(model);
        if (routes.isEmpty()) {
            return new ForwardOutcome.UnknownModel(model);
        }
        Optional<String> pinned = ModelPathHeader.of(command.headers());
        if (pinned.isPresent()) {
            // Routstr §17 (PR #720): a pinned path is served by that route alone, never failed over.
            routes = ModelPath.pin(routes, pinned.get());
            if (routes.isEmpty()) {
                return new ForwardOutcome.InvalidRequest("Model path '" + pinned.get() + "' does not serve model '"
                        + model + "'; GET /v1/models/paths lists the paths of every model");
            }
        }
        // A pre-check's rate is kept: the bound its token was checked against is the bound held.
        Optional<RequestCostBasis> basis = command.costBasis();
        Optional<BtcUsdRate> rate = basis.isPresent() ? basis.get().rate() : rates.current();
        // Fixed prices are in sats: only a request some route bills in USD waits for a rate.
        boolean perRequest = command.endpoint().billedPerRequest();
        if (rate.isEmpty() && routes.stream().anyMatch(r -> calculator.needsRate(r.price(), perRequest))) {
            return new ForwardOutcome.PriceUnavailable();
        }
        return new Attempt(command, sink, model, rate).run(routes);
    }

    /** One request's way through its routes; holds the payment state so that {@code finally} can release it. */
    private final class Attempt {

        private final ForwardLlmRequestCommand command;
        private final ResponseSink sink;
        private final ModelId clientModel;
        private final Optional<BtcUsdRate> rate;
        private final RequestPayer payer;
        private final RequestShape shape;
        private final long promptCharacters;
        private final Instant cutAt;
        private PaymentHold hold;
        private boolean charged;

        Attempt(ForwardLlmRequestCommand command, ResponseSink sink, ModelId clientModel, Optional<BtcUsdRate> rate) {
            this.command = command;
            this.sink = sink;
            this.clientModel = clientModel;
            this.rate = rate;
            this.payer = command.payer();
            this.shape = command.costBasis()
                    .map(RequestCostBasis::shape)
                    .orElseGet(() -> command.request().shape());
            this.promptCharacters = command.request().promptCharacters();
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
                            payer.supersede(previous);
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
                    UpstreamOutcome outcome = sendRetryingServerErrors(route);
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

        /**
         * Sends the request to {@code route}, and again on a 5xx up to the policy's retries (Routstr §17,
         * {@code UPSTREAM_5XX_RETRY_ATTEMPTS}): nothing has reached the client yet and the hold covers one answer,
         * which is all that is ever billed.
         */
        private UpstreamOutcome sendRetryingServerErrors(ModelRoute route) {
            UpstreamRequest request = new UpstreamRequest(route, command.path(), command.request(), command.headers());
            UpstreamOutcome outcome = upstream.send(request);
            for (int retry = 0; retry < policy.upstream5xxRetries() && isServerError(outcome); retry++) {
                outcome = upstream.send(request);
            }
            return outcome;
        }

        private static boolean isServerError(UpstreamOutcome outcome) {
            return outcome instanceof UpstreamOutcome.Failed failed
                    && failed.failure().status() >= 500;
        }

        private ForwardOutcome billAnswer(ModelRoute route, UpstreamOutcome.Answered answered) {
            UpstreamAnswer answer = answered.answer();
            // The answer's text is counted only for an estimate: an answer with usage is not read for it.
            RequestBill bill = charge(route, answer.usage(), answer::generatedCharacters);
            return new ForwardOutcome.Completed(
                    answered.status(), answered.headers(), answer.renderWithBill(bill), answer.contentType(), bill);
        }

        /**
         * Passes each delta on as it comes and keeps the latest usage; the upstream adapter withholds the events that
         * carry the usage or end the answer, and renders them, billed, as the stream's trailer once it is charged.
         */
        private ForwardOutcome billStream(ModelRoute route, UpstreamOutcome.Streaming streaming) {
            Optional<TokenUsage> usage = Optional.empty();
            boolean usageComplete = false;
            boolean cut = false;
            long outputCharacters = 0;
            UpstreamPort.EventStream events = streaming.events();
            try (events) {
                // What the stream sends is paid for only at its end: its hold must outlive a database crash first.
                if (!payer.makeDurable(hold)) {
                    throw new IllegalStateException(
                            "reservation " + hold.reservation().value() + " is no longer held");
                }
                boolean clientGone = !sink.open();
                long drainDeadline = clientGone
                        ? System.nanoTime() + policy.disconnectDrainWindow().toNanos()
                        : 0;
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
                    switch (read) {
                        case StreamRead.Event(UpstreamEvent.Usage reported) -> {
                            if (reported.usage().isPresent()) {
                                usage = reported.usage();
                            }
                            usageComplete |= reported.complete();
                            continue;
                        }
                        case StreamRead.Event(UpstreamEvent.Withheld withheld) -> {
                            outputCharacters += withheld.generatedCharacters();
                            continue;
                        }
                        case StreamRead.Event(UpstreamEvent.Delta delta) -> {
                            outputCharacters += delta.generatedCharacters();
                            if (!clientGone && !sink.send(delta.wire())) {
                                clientGone = true;
                                drainDeadline = System.nanoTime()
                                        + policy.disconnectDrainWindow().toNanos();
                            }
                            continue;
                        }
                        case StreamRead.Stalled stalled -> {
                            // Nothing yet, the stream still open: the loop checks the drain window and lifetime.
                            continue;
                        }
                        case StreamRead.Broken broken ->
                            log.warn(
                                    "Upstream stream from {} broke: {}",
                                    route.provider().label(),
                                    broken.reason());
                        case StreamRead.End end -> {
                            // the upstream ended the stream
                        }
                    }
                    break;
                }
                if (cut) {
                    log.warn(
                            "Cut a stream from {} at the maximum request lifetime of {}",
                            route.provider().label(),
                            policy.maxRequestLifetime());
                }
                long streamedCharacters = outputCharacters;
                RequestBill bill = charge(route, usage, () -> streamedCharacters);
                if (!clientGone) {
                    sink.send(events.trailer(bill, cut));
                }
                return new ForwardOutcome.Streamed(bill, clientGone);
            }
        }

        /**
         * Prices the request at the serving route and charges it, never more than the hold; from here on the hold is
         * spent. What the request cost beyond the charge (an upstream that billed beyond its own limits) is the
         * node's shortfall, reported in the bill.
         */
        private RequestBill charge(ModelRoute route, Optional<TokenUsage> usage, LongSupplier outputCharacters) {
            RequestCost fullCost;
            TokenUsage reported;
            if (billedPerRequest()) {
                reported =
                        usage.orElseGet(() -> UsageEstimator.estimate(promptCharacters, outputCharacters.getAsLong()));
                fullCost = calculator.perRequest(usage, route.price(), rate, hold.amount());
            } else if (usage.isPresent()) {
                reported = usage.get();
                fullCost = calculator.cost(reported, route.price(), rate, hold.amount());
            } else {
                long generated = outputCharacters.getAsLong();
                reported = UsageEstimator.estimate(promptCharacters, generated);
                fullCost = calculator.estimateFromText(promptCharacters, generated, route.price(), rate, hold.amount());
            }
            // The client agreed to hold this much: a key never pays, nor a child key spends, more than it held.
            RequestCost cost = fullCost.cappedAt(hold.amount(), rate);
            PaymentReceipt receipt = payer.charge(
                    hold,
                    cost.total(),
                    ChargeDetails.of(route.modelId().value(), route.provider().label(), reported));
            charged = true;
            Msats shortfall = fullCost.total().minusOrZero(receipt.charged());
            if (shortfall.isPositive()) {
                log.warn(
                        "Charged {} of a {} cost at {}: the node absorbs the rest",
                        receipt.charged(),
                        fullCost.total(),
                        route.provider().label());
            }
            return new RequestBill(
                    cost,
                    receipt.charged(),
                    receipt.remainingBalance(),
                    route.provider().type().wireName(),
                    reported,
                    shortfall);
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

        /** An extra allowed path or a multipart endpoint: its answers (images, audio) are priced per request. */
        private boolean billedPerRequest() {
            return command.endpoint().billedPerRequest();
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
                return new ForwardOutcome.UpstreamFailed(status, failure.error(), failure.retryAfter(), false);
            }
            String fallback = failure.kind() == UpstreamPort.FailureKind.TIMEOUT
                    ? "The upstream provider timed out"
                    : "The upstream provider is unavailable";
            return new ForwardOutcome.UpstreamFailed(
                    UPSTREAM_UNAVAILABLE_STATUS,
                    failure.error().asUnavailable(fallback, status),
                    failure.retryAfter(),
                    true);
        }
    }
}
