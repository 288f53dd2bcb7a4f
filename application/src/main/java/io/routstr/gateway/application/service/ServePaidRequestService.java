package io.routstr.gateway.application.service;

import io.routstr.gateway.application.port.in.billing.AdmitRequestUseCase;
import io.routstr.gateway.application.port.in.billing.AdmitRequestUseCase.Admission;
import io.routstr.gateway.application.port.in.billing.ReserveOutcome;
import io.routstr.gateway.application.port.in.key.AuthenticateApiKeyUseCase;
import io.routstr.gateway.application.port.in.key.UpdateRefundPreferencesUseCase;
import io.routstr.gateway.application.port.in.key.UpdateRefundPreferencesUseCase.RefundPreferences;
import io.routstr.gateway.application.port.in.payment.CheckEcashPaymentUseCase;
import io.routstr.gateway.application.port.in.payment.CheckEcashPaymentUseCase.Check;
import io.routstr.gateway.application.port.in.payment.OpenKeyWithTokenUseCase;
import io.routstr.gateway.application.port.in.payment.OpenKeyWithTokenUseCase.TokenKeyOutcome;
import io.routstr.gateway.application.port.in.payment.PayPerRequestWithEcashUseCase;
import io.routstr.gateway.application.port.in.payment.PayPerRequestWithEcashUseCase.Change;
import io.routstr.gateway.application.port.in.payment.PayPerRequestWithEcashUseCase.Payment;
import io.routstr.gateway.application.port.in.proxy.ForwardLlmRequestCommand;
import io.routstr.gateway.application.port.in.proxy.ForwardLlmRequestUseCase;
import io.routstr.gateway.application.port.in.proxy.ForwardOutcome;
import io.routstr.gateway.application.port.in.proxy.LimitRequestRateUseCase;
import io.routstr.gateway.application.port.in.proxy.LimitRequestRateUseCase.RateDecision;
import io.routstr.gateway.application.port.in.proxy.PaidRequestError;
import io.routstr.gateway.application.port.in.proxy.PaidRequestOutcome;
import io.routstr.gateway.application.port.in.proxy.PaidRequestOutcome.RefusalDetails;
import io.routstr.gateway.application.port.in.proxy.PaidRequestOutcome.Refused;
import io.routstr.gateway.application.port.in.proxy.PayWithApiKeyUseCase;
import io.routstr.gateway.application.port.in.proxy.PaymentCredential;
import io.routstr.gateway.application.port.in.proxy.RequestCostBasis;
import io.routstr.gateway.application.port.in.proxy.RequestPayer;
import io.routstr.gateway.application.port.in.proxy.ResponseSink;
import io.routstr.gateway.application.port.in.proxy.ServePaidRequestCommand;
import io.routstr.gateway.application.port.in.proxy.ServePaidRequestCommand.BodyRead;
import io.routstr.gateway.application.port.in.proxy.ServePaidRequestCommand.RefundHeaders;
import io.routstr.gateway.application.port.in.proxy.ServePaidRequestUseCase;
import io.routstr.gateway.application.port.out.LlmRequestReaderPort;
import io.routstr.gateway.application.port.out.LlmRequestReaderPort.RequestRead;
import io.routstr.gateway.application.port.out.WorkAdmissionPort;
import io.routstr.gateway.application.port.out.WorkAdmissionPort.WorkTurn;
import io.routstr.gateway.domain.ecash.RedemptionFailure;
import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.key.ApiKeyId;
import io.routstr.gateway.domain.key.KeyHash;
import io.routstr.gateway.domain.key.RefundAddress;
import io.routstr.gateway.domain.ledger.ChargeDetails;
import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.domain.pricing.RequestBill;
import io.routstr.gateway.domain.proxy.LlmRequest;
import io.routstr.gateway.domain.proxy.ModelId;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a paid request (Routstr §3–4) in the order that keeps a refused request free of effects: the credential
 * becomes a key (an {@code X-Cashu} token only after an offline check that the request can run, so a refused request
 * costs its holder no mint fee); the key's rate limits, expiry and spending limits are checked before its body is
 * read or its refund headers stored; then the request is forwarded, reserved and settled by
 * {@link ForwardLlmRequestUseCase}; an {@code X-Cashu} token's change is paid back whatever happened after its
 * redemption.
 *
 * <p>All of that up to the hold is work the node's cores and database do, and it is done only with a turn from
 * {@link WorkAdmissionPort}: a request that gets none is refused {@link PaidRequestError#NODE_OVERLOADED} before it
 * has read, redeemed or held anything. Its turn ends once its money is held (or refused), when the request goes to
 * wait for its upstream, which costs the node almost nothing; its settlement and its change need no turn, since what
 * holds money must never be refused.
 */
public final class ServePaidRequestService implements ServePaidRequestUseCase {

    private static final Logger log = LoggerFactory.getLogger(ServePaidRequestService.class);

    private static final int MAX_KNOWN_KEYS = 100_000;

    private final AuthenticateApiKeyUseCase authenticate;
    private final OpenKeyWithTokenUseCase openWithToken;
    private final LimitRequestRateUseCase rateLimits;
    private final AdmitRequestUseCase admission;
    private final UpdateRefundPreferencesUseCase refundPreferences;
    private final PayWithApiKeyUseCase payWithApiKey;
    private final ForwardLlmRequestUseCase forward;
    private final CheckEcashPaymentUseCase checkEcash;
    private final PayPerRequestWithEcashUseCase ecash;
    private final LlmRequestReaderPort requests;
    private final WorkAdmissionPort work;
    /**
     * The ids of keys authenticated here, by hash: an id never changes, so the next request of a key needs no lookup
     * of its own. Only ids: every balance, expiry and limit is read again by the reservation.
     */
    private final Map<KeyHash, ApiKeyId> knownKeys = new ConcurrentHashMap<>();

    public ServePaidRequestService(
            AuthenticateApiKeyUseCase authenticate,
            OpenKeyWithTokenUseCase openWithToken,
            LimitRequestRateUseCase rateLimits,
            AdmitRequestUseCase admission,
            UpdateRefundPreferencesUseCase refundPreferences,
            PayWithApiKeyUseCase payWithApiKey,
            ForwardLlmRequestUseCase forward,
            CheckEcashPaymentUseCase checkEcash,
            PayPerRequestWithEcashUseCase ecash,
            LlmRequestReaderPort requests,
            WorkAdmissionPort work) {
        this.authenticate = authenticate;
        this.openWithToken = openWithToken;
        this.rateLimits = rateLimits;
        this.admission = admission;
        this.refundPreferences = refundPreferences;
        this.payWithApiKey = payWithApiKey;
        this.forward = forward;
        this.checkEcash = checkEcash;
        this.ecash = ecash;
        this.requests = requests;
        this.work = work;
    }

    @Override
    public PaidRequestOutcome serve(ServePaidRequestCommand command, ResponseSink sink) {
        Optional<WorkTurn> entered = work.enter();
        if (entered.isEmpty()) {
            return overloaded();
        }
        WorkTurn turn = entered.get();
        try {
            return switch (command.credential()) {
                case PaymentCredential.XCashuToken token -> servePaidWithEcash(command, token.token(), sink, turn);
                case PaymentCredential.ApiKey key -> servePaidByKey(key.secret().hash(), key, command, sink, turn);
                case PaymentCredential.BearerToken token ->
                    switch (openWithToken.open(token.token())) {
                        case TokenKeyOutcome.Opened opened -> servePaidBy(opened.key(), command, sink, turn);
                        case TokenKeyOutcome.AlreadyOpened opened -> servePaidBy(opened.key(), command, sink, turn);
                        case TokenKeyOutcome.Rejected rejected ->
                            redemptionFailed(rejected.failure(), rejected.message());
                        case TokenKeyOutcome.Busy busy -> tokenBusy();
                    };
            };
        } finally {
            // A request refused before its hold, or failed, leaves here; one that held money left at its hold.
            turn.leave();
        }
    }

    /**
     * An {@code sk-} key. A key this node authenticated before is known by its hash alone: its request is read and
     * its reservation reads the key, checks expiry and limits and holds in one round trip. Its first request, and one
     * that sets refund headers, authenticate first and are admitted from the key read then.
     */
    private PaidRequestOutcome servePaidByKey(
            KeyHash hash,
            PaymentCredential.ApiKey credential,
            ServePaidRequestCommand command,
            ResponseSink sink,
            WorkTurn turn) {
        ApiKeyId known = knownKeys.get(hash);
        if (known != null && !command.refund().present()) {
            PaidRequestOutcome outcome = forwardPaidBy(
                    known, Optional.empty(), command, true, Optional.empty(), Optional.empty(), sink, turn);
            if (outcome instanceof Refused refused && refused.error() == PaidRequestError.INVALID_API_KEY) {
                knownKeys.remove(hash);
            }
            return outcome;
        }
        Optional<ApiKey> found = authenticate.authenticate(credential.secret());
        if (found.isEmpty()) {
            return invalidApiKey();
        }
        if (knownKeys.size() >= MAX_KNOWN_KEYS) {
            // Bounded memory: a forgotten key costs its next request one more round trip.
            knownKeys.clear();
        }
        knownKeys.put(hash, found.get().id());
        return servePaidBy(found.get(), command, sink, turn);
    }

    private PaidRequestOutcome servePaidBy(
            ApiKey key, ServePaidRequestCommand command, ResponseSink sink, WorkTurn turn) {
        if (key.isChild() && command.refund().present()) {
            // A child spends its parent's balance: its holder may not say where that balance is refunded, nor when.
            return childRefundForbidden();
        }
        return forwardPaidBy(key.id(), Optional.of(key), command, true, Optional.empty(), Optional.empty(), sink, turn);
    }

    /**
     * Rate limits, then expiry and spending limits, then the body, then the refund headers, then the request: nothing
     * of a request takes effect for a key that may not make it, and no body is parsed for a caller not known. Without
     * a {@code snapshot} of the key, its expiry and limits are checked by its reservation, before anything is
     * forwarded.
     */
    private PaidRequestOutcome forwardPaidBy(
            ApiKeyId keyId,
            Optional<ApiKey> snapshot,
            ServePaidRequestCommand command,
            boolean applyRefundHeaders,
            Optional<LlmRequest> parsed,
            Optional<RequestCostBasis> costBasis,
            ResponseSink sink,
            WorkTurn turn) {
        RateDecision decision = rateLimits.admit(keyId);
        if (decision instanceof RateDecision.Limited limited) {
            return rateLimited(limited);
        }
        RateDecision.Admitted admitted = (RateDecision.Admitted) decision;
        long tokens = 0;
        try {
            if (snapshot.isPresent() && admission.admit(snapshot.get()) instanceof Admission.Refused refused) {
                return reservationFailed(refused.reason());
            }
            LlmRequest request;
            if (parsed.isPresent()) {
                request = parsed.get();
            } else {
                switch (readRequest(command)) {
                    case BodyParse.Parsed ok -> request = ok.request();
                    case BodyParse.Refusal refusal -> {
                        return refusal.refused();
                    }
                }
            }
            if (applyRefundHeaders) {
                Optional<Refused> refused = applyRefundHeaders(keyId, command.refund());
                if (refused.isPresent()) {
                    return refused.get();
                }
            }
            RequestPayer payer = new LeavingWorkOnHold(
                    snapshot.map(payWithApiKey::payerFor).orElseGet(() -> payWithApiKey.payerFor(keyId)), turn);
            ForwardOutcome outcome = forward.forward(
                    new ForwardLlmRequestCommand(request, command.path(), command.headers(), payer, costBasis), sink);
            tokens = tokensOf(outcome);
            return outcomeOf(outcome);
        } finally {
            finishRateLimits(admitted, tokens);
        }
    }

    /**
     * Ends the request's rate-limit admission. A finish that fails (the database gone, a lock conflict) must not
     * replace the outcome of a request that was served and billed: its count stays until it ages out (the
     * stale-reservation timeout), which only holds the key back a little; limits move no money.
     */
    private void finishRateLimits(RateDecision.Admitted admitted, long tokens) {
        try {
            rateLimits.finish(admitted, tokens);
        } catch (RuntimeException e) {
            log.warn("A request's rate-limit count could not be ended; it ages out: {}", e.toString());
        }
    }

    /**
     * {@code X-Cashu}: the token pays for this request alone (Routstr §3.3). It is redeemed into its own key, the
     * request is billed there, and what is left comes back as a token, also when the upstream failed (then the whole
     * amount). Change that cannot be paid now stays recoverable with the original token.
     */
    private PaidRequestOutcome servePaidWithEcash(
            ServePaidRequestCommand command, String token, ResponseSink sink, WorkTurn turn) {
        // Routstr §3.3: a request that cannot run is refused before the token is redeemed, so it costs no mint fee.
        LlmRequest request;
        switch (readRequest(command)) {
            case BodyParse.Parsed ok -> request = ok.request();
            case BodyParse.Refusal refusal -> {
                return refusal.refused();
            }
        }
        Check check = checkEcash.check(token, request, command.headers());
        Optional<Refused> refusal = refusedBeforeRedeeming(check);
        if (refusal.isPresent()) {
            return refusal.get();
        }
        // What the check bounded is what forwarding holds: the bound is not computed a second time.
        Optional<RequestCostBasis> costBasis =
                check instanceof Check.Proceed proceed ? proceed.costBasis() : Optional.empty();
        ApiKey key;
        switch (ecash.begin(token)) {
            case Payment.Accepted accepted -> key = accepted.key();
            case Payment.Rejected rejected -> {
                Refused refused = redemptionFailed(rejected.failure(), rejected.message());
                return stillSpendable(rejected.failure()) ? refused.returning(Optional.of(token)) : refused;
            }
            case Payment.Busy busy -> {
                return tokenBusy();
            }
        }
        PaidRequestOutcome served;
        try {
            served = forwardPaidBy(
                    key.id(), Optional.of(key), command, false, Optional.of(request), costBasis, sink, turn);
        } catch (RuntimeException e) {
            // The token is redeemed: whatever failed, its value goes back to the client as change.
            served = Refused.of(
                    PaidRequestError.UPSTREAM_REQUEST_FAILED, "Payment succeeded but the upstream request failed");
        }
        // Change is paid back without a turn, as a settlement is: the token is redeemed, its value must come back.
        turn.leave();
        Optional<String> change = switch (ecash.finish(token, key.id())) {
            case Change.Returned returned -> Optional.of(returned.token());
            case Change.Nothing nothing -> Optional.empty();
            case Change.Deferred deferred -> Optional.empty();
        };
        return switch (served) {
            case PaidRequestOutcome.Answered answered -> new PaidRequestOutcome.Answered(answered.answer(), change);
            case PaidRequestOutcome.Streamed streamed ->
                new PaidRequestOutcome.Streamed(streamed.bill(), streamed.clientGone(), change);
            case PaidRequestOutcome.UpstreamFailed failed ->
                new PaidRequestOutcome.UpstreamFailed(failed.failure(), change);
            case Refused refused -> refused.returning(change);
        };
    }

    /** The refusal of an {@code X-Cashu} request before its token is redeemed; empty when it may go on. */
    private static Optional<Refused> refusedBeforeRedeeming(Check check) {
        return switch (check) {
            case Check.Proceed proceed -> Optional.empty();
            case Check.TokenTooSmall small -> {
                // Routstr's minimum_balance_required, with the amounts it names.
                yield Optional.of(new Refused(
                        PaidRequestError.MINIMUM_BALANCE_REQUIRED,
                        "Insufficient balance: the X-Cashu token is worth " + describe(small.faceValue()) + "; "
                                + describe(small.required())
                                + " required for this request. The token was not redeemed.",
                        Optional.of(
                                new RefusalDetails.TokenTooSmall(small.required(), small.faceValue(), small.model())),
                        Optional.empty(),
                        Optional.empty()));
            }
            case Check.UnknownModel unknown -> Optional.of(unknownModel(unknown.model()));
            case Check.InvalidRequest invalid -> Optional.of(invalidRequest(invalid.message()));
            case Check.PriceUnavailable unavailable -> Optional.of(priceUnavailable());
        };
    }

    /**
     * {@code Refund-LNURL} and {@code Key-Expiry-Time} (Routstr §3.4), read whatever their case: the key is refunded to
     * the address, at the given time when one is set. Routstr looks them up case-sensitively in a lower-cased map and so
     * never applies them. The address must have the shape of a Lightning address or LNURL; a child key never gets here.
     */
    private Optional<Refused> applyRefundHeaders(ApiKeyId keyId, RefundHeaders headers) {
        Optional<Instant> refundAfter = Optional.empty();
        if (headers.keyExpiryTime().isPresent()) {
            try {
                refundAfter = Optional.of(Instant.ofEpochSecond(
                        Long.parseLong(headers.keyExpiryTime().get().strip())));
            } catch (NumberFormatException | DateTimeException e) {
                return Optional.of(Refused.of(
                        PaidRequestError.INVALID_KEY_EXPIRY_TIME,
                        "Invalid Key-Expiry-Time: must be a valid Unix timestamp"));
            }
            if (headers.refundLnurl().isEmpty()) {
                return Optional.of(Refused.of(
                        PaidRequestError.REFUND_LNURL_REQUIRED,
                        "Error: Refund-LNURL header required when using Key-Expiry-Time"));
            }
        }
        if (headers.refundLnurl().isEmpty()) {
            return Optional.empty();
        }
        Optional<RefundAddress> parsed =
                RefundAddress.parse(headers.refundLnurl().get());
        if (parsed.isEmpty()) {
            return Optional.of(Refused.of(
                    PaidRequestError.INVALID_REFUND_LNURL,
                    "Invalid Refund-LNURL: expected a Lightning address (user@domain), an LNURL (lnurl1...) or an "
                            + "lnurlp:// link of at most " + RefundAddress.MAX_LENGTH + " characters"));
        }
        return switch (refundPreferences.update(new RefundPreferences(keyId, parsed.get(), refundAfter))) {
            case UpdateRefundPreferencesUseCase.Outcome.Stored stored -> Optional.empty();
            case UpdateRefundPreferencesUseCase.Outcome.ChildKey child -> Optional.of(childRefundForbidden());
            case UpdateRefundPreferencesUseCase.Outcome.UnknownKey unknown -> Optional.of(invalidApiKey());
        };
    }

    private static PaidRequestOutcome outcomeOf(ForwardOutcome outcome) {
        return switch (outcome) {
            case ForwardOutcome.Completed completed -> new PaidRequestOutcome.Answered(completed, Optional.empty());
            case ForwardOutcome.Streamed streamed ->
                new PaidRequestOutcome.Streamed(streamed.bill(), streamed.clientGone(), Optional.empty());
            case ForwardOutcome.UpstreamFailed failed ->
                new PaidRequestOutcome.UpstreamFailed(failed, Optional.empty());
            case ForwardOutcome.PaymentRefused refused -> reservationFailed(refused.reason());
            case ForwardOutcome.UnknownModel unknown -> unknownModel(unknown.model());
            case ForwardOutcome.PriceUnavailable ignored -> priceUnavailable();
            case ForwardOutcome.InvalidRequest invalid -> invalidRequest(invalid.message());
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

    /** A token the node did not take stays the client's: it is handed back so nothing is lost (Routstr §3.3). */
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

    /** Maps every reservation refusal; {@link ReserveOutcome.Reserved} is not one. */
    static Refused reservationFailed(ReserveOutcome outcome) {
        return switch (outcome) {
            case ReserveOutcome.InsufficientBalance insufficient ->
                Refused.of(
                        PaidRequestError.INSUFFICIENT_BALANCE,
                        "Insufficient balance: " + describe(insufficient.required()) + " required for this model; "
                                + describe(insufficient.available()) + " available.");
            case ReserveOutcome.BalanceLimitExceeded exceeded ->
                Refused.of(
                        PaidRequestError.BALANCE_LIMIT_EXCEEDED,
                        "Balance limit exceeded: " + describe(exceeded.required())
                                + " required for this request would exceed the key's balance limit.");
            case ReserveOutcome.KeyExpired ignored ->
                Refused.of(PaidRequestError.KEY_EXPIRED, "API key has expired (validity date reached).");
            case ReserveOutcome.UnknownKey ignored -> invalidApiKey();
            case ReserveOutcome.Reserved ignored ->
                throw new IllegalArgumentException("a successful reservation is not a refusal");
        };
    }

    /** The request's body read and parsed once, or why it cannot be served. */
    private BodyParse readRequest(ServePaidRequestCommand command) {
        return switch (command.body().read()) {
            case BodyRead.Read read ->
                switch (requests.read(command.endpoint(), contentType(command), read.bytes())) {
                    case RequestRead.Parsed parsedRequest -> new BodyParse.Parsed(parsedRequest.request());
                    case RequestRead.NotJson notJson ->
                        new BodyParse.Refusal(
                                Refused.of(PaidRequestError.INVALID_JSON, "The request body is not valid JSON"));
                    case RequestRead.Invalid invalid -> new BodyParse.Refusal(invalidRequest(invalid.message()));
                };
            case BodyRead.TooLarge tooLarge -> new BodyParse.Refusal(bodyRefused(tooLarge));
            case BodyRead.TimedOut timedOut ->
                new BodyParse.Refusal(Refused.of(PaidRequestError.BODY_TIMEOUT, "Request body not received in time."));
            case BodyRead.Unreadable unreadable ->
                new BodyParse.Refusal(
                        Refused.of(PaidRequestError.BODY_UNREADABLE, "The request body could not be read"));
        };
    }

    /** The client's {@code Content-Type}, which tells a multipart upload from a JSON body. */
    private static Optional<String> contentType(ServePaidRequestCommand command) {
        // A loop, not a stream: this runs for every paid request.
        for (Map.Entry<String, List<String>> header : command.headers().entrySet()) {
            if (header.getKey().equalsIgnoreCase("Content-Type")
                    && !header.getValue().isEmpty()) {
                return Optional.ofNullable(header.getValue().getFirst());
            }
        }
        return Optional.empty();
    }

    /** A request ready to forward, or the refusal of its body. */
    private sealed interface BodyParse {
        record Parsed(LlmRequest request) implements BodyParse {}

        record Refusal(Refused refused) implements BodyParse {}
    }

    private static Refused bodyRefused(BodyRead.TooLarge tooLarge) {
        return Refused.of(
                PaidRequestError.BODY_TOO_LARGE,
                "Request body too large: at most " + tooLarge.limit() + " bytes are accepted.");
    }

    private static Refused rateLimited(RateDecision.Limited limited) {
        return new Refused(
                PaidRequestError.RATE_LIMITED,
                "Rate limit exceeded: " + limited.limit() + " is " + limited.value() + " for this key.",
                Optional.of(new RefusalDetails.RateLimit(limited.limit(), limited.value())),
                Optional.of(limited.retryAfter()),
                Optional.empty());
    }

    private static Refused redemptionFailed(RedemptionFailure failure, String message) {
        return Refused.of(PaidRequestError.of(failure), message);
    }

    private static Refused tokenBusy() {
        return new Refused(
                PaidRequestError.TOKEN_BUSY,
                "This token is being redeemed by another request; retry shortly.",
                Optional.empty(),
                Optional.of(Duration.ofSeconds(1)),
                Optional.empty());
    }

    private static Refused overloaded() {
        return new Refused(
                PaidRequestError.NODE_OVERLOADED,
                "The node is at capacity; retry after 1 s",
                Optional.empty(),
                Optional.of(Duration.ofSeconds(1)),
                Optional.empty());
    }

    /**
     * The payer of an admitted request, which ends the request's turn at work once its money is held or refused: from
     * there the request waits for its upstream. A pricier fallback's new hold, the charge and the release take no turn:
     * the request is admitted, and its money must move whatever the load.
     */
    private record LeavingWorkOnHold(RequestPayer payer, WorkTurn turn) implements RequestPayer {

        @Override
        public HoldOutcome hold(Msats maxCost) {
            try {
                return payer.hold(maxCost);
            } finally {
                turn.leave();
            }
        }

        @Override
        public PaymentReceipt charge(PaymentHold hold, Msats cost, ChargeDetails details) {
            return payer.charge(hold, cost, details);
        }

        @Override
        public void release(PaymentHold hold) {
            payer.release(hold);
        }

        @Override
        public void supersede(PaymentHold hold) {
            payer.supersede(hold);
        }

        @Override
        public boolean makeDurable(PaymentHold hold) {
            return payer.makeDurable(hold);
        }
    }

    private static Refused invalidApiKey() {
        return Refused.of(
                PaidRequestError.INVALID_API_KEY,
                "Invalid API key format. Expected an 'sk-...' API key or a 'cashu...' token.");
    }

    private static Refused childRefundForbidden() {
        return Refused.of(
                PaidRequestError.CHILD_KEY_REFUND_FORBIDDEN,
                "A child key cannot set Refund-LNURL or Key-Expiry-Time: its balance belongs to its parent key.");
    }

    private static Refused unknownModel(ModelId model) {
        return Refused.of(PaidRequestError.MODEL_NOT_FOUND, "Model '" + model + "' not found");
    }

    private static Refused priceUnavailable() {
        return Refused.of(
                PaidRequestError.PRICE_UNAVAILABLE,
                "Prices are unavailable: no BTC/USD exchange rate could be obtained yet. Try again shortly.");
    }

    private static Refused invalidRequest(String message) {
        return Refused.of(PaidRequestError.INVALID_REQUEST, message);
    }

    /** {@code 622.888 sats (622888 msats)}: sats without trailing zeros, as Routstr prints them. */
    static String describe(Msats amount) {
        BigDecimal sats = BigDecimal.valueOf(amount.value())
                .divide(BigDecimal.valueOf(Msats.PER_SAT), 3, RoundingMode.UNNECESSARY)
                .stripTrailingZeros();
        return sats.toPlainString() + " sats (" + amount.value() + " msats)";
    }
}
