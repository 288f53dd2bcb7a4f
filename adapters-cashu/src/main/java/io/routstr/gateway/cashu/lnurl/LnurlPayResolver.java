package io.routstr.gateway.cashu.lnurl;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.routstr.gateway.application.port.out.LightningAddressPort;
import io.routstr.gateway.domain.money.Msats;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Adapter: obtains BOLT11 invoices from LNURL-pay services (LUD-01, -06, -16, -17) over the JDK HTTP client, with the
 * payee's address treated as hostile input. Thread-safe; close it to release the client's threads.
 *
 * <p>Server-side request forgery: before every request (the pay request, each redirect, the callback) the host is
 * resolved and refused if any of its addresses is loopback, private, link-local, CGNAT, unique-local, multicast or
 * otherwise reserved ({@link PublicAddresses}), unless {@link LnurlPayConfig#allowPrivateDestinations()}. Redirects
 * are never followed by the client itself, only here, after the same check. The client is built without a proxy, so
 * the address checked is the one connected to.
 *
 * <p>Residual risk, DNS rebinding: the JDK client resolves the host name again when it connects and offers no hook to
 * hand it the address that was checked. Connecting to the IP literal instead is no way out: {@code Host} is a
 * restricted header, and TLS would then verify the certificate against the IP rather than the name. What keeps the two
 * lookups in step is the JVM's own address cache ({@code networkaddress.cache.ttl}, 30 s by default): the check fills
 * it and the connection, milliseconds later, reads the same answer. An attacker would need the entry to expire in
 * between, or a deployment that sets the TTL to 0. Where that matters, pair this with an egress firewall that drops
 * private destinations.
 *
 * <p>Bounds: {@link LnurlPayConfig#connectTimeout()} per connection, {@link LnurlPayConfig#totalTimeout()} for the
 * whole resolution including reading bodies, {@link LnurlPayConfig#maxResponseBytes()} per body. The host lookup
 * itself runs outside the deadline, under the operating system's resolver timeout.
 */
public final class LnurlPayResolver implements LightningAddressPort, AutoCloseable {

    private static final Set<Integer> REDIRECT_STATUSES = Set.of(301, 302, 303, 307, 308);
    private static final int MAX_JSON_NESTING = 32;

    private final LnurlPayConfig config;
    private final DestinationGuard guard;
    private final HttpClient http;
    private final ObjectMapper json;

    public LnurlPayResolver(LnurlPayConfig config) {
        this(config, DestinationGuard.from(config));
    }

    LnurlPayResolver(LnurlPayConfig config, DestinationGuard guard) {
        this.config = Objects.requireNonNull(config, "config");
        this.guard = Objects.requireNonNull(guard, "guard");
        this.http = HttpClient.newBuilder()
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .proxy(HttpClient.Builder.NO_PROXY)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        this.json = JsonMapper.builder(JsonFactory.builder()
                        .streamReadConstraints(StreamReadConstraints.builder()
                                .maxNestingDepth(MAX_JSON_NESTING)
                                .build())
                        .build())
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    @Override
    public InvoiceResult requestInvoice(String address, Msats amount) {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(amount, "amount");
        if (!amount.isPositive()) {
            throw new IllegalArgumentException("an invoice needs a positive amount, not " + amount);
        }
        long deadline = System.nanoTime() + config.totalTimeout().toNanos();
        return switch (PayLinks.endpointOf(address, config.allowHttp())) {
            case Attempt.Failed<URI>(var refusal) -> refusal;
            case Attempt.Ok<URI>(var endpoint) -> requestFrom(endpoint, amount, deadline);
        };
    }

    @Override
    public void close() {
        http.close();
    }

    private InvoiceResult requestFrom(URI endpoint, Msats amount, long deadline) {
        Attempt<PayRequest> payRequest = switch (fetchJson(endpoint, deadline)) {
            case Attempt.Failed<JsonNode>(var refusal) -> new Attempt.Failed<>(refusal);
            case Attempt.Ok<JsonNode>(var body) -> PayRequest.from(body);
        };
        return switch (payRequest) {
            case Attempt.Failed<PayRequest>(var refusal) -> refusal;
            case Attempt.Ok<PayRequest>(var request) -> invoiceFrom(request, amount, deadline);
        };
    }

    private InvoiceResult invoiceFrom(PayRequest payRequest, Msats amount, long deadline) {
        // LUD-06: the wallet checks the amount against minSendable/maxSendable before calling back.
        if (!payRequest.sendable().contains(amount)) {
            return InvoiceResult.Refused.outOfRange(amount, payRequest.sendable());
        }
        URI callback = PayLinks.callbackWithAmount(payRequest.callback(), amount);
        return switch (fetchJson(callback, deadline)) {
            case Attempt.Failed<JsonNode>(var refusal) -> refusal;
            case Attempt.Ok<JsonNode>(var body) -> invoiceIn(body, amount);
        };
    }

    private static InvoiceResult invoiceIn(JsonNode body, Msats amount) {
        JsonNode pr = body.path("pr");
        if (!pr.isTextual()) {
            return new InvoiceResult.Refused(Reason.BAD_RESPONSE, "the service returned no invoice");
        }
        String bolt11 = pr.textValue().strip();
        Optional<Bolt11Invoice> invoice = Bolt11Invoice.parse(bolt11);
        if (invoice.isEmpty()) {
            return new InvoiceResult.Refused(Reason.BAD_RESPONSE, "the service returned no valid BOLT11 invoice");
        }
        // LUD-06: the wallet must verify the invoice is for the amount it asked for; paying it is irrevocable.
        Optional<Msats> invoiced = invoice.get().amount();
        if (invoiced.isEmpty()) {
            return new InvoiceResult.Refused(Reason.BAD_RESPONSE, "the service returned an invoice without an amount");
        }
        if (!invoiced.get().equals(amount)) {
            return new InvoiceResult.Refused(
                    Reason.BAD_RESPONSE,
                    "the service returned an invoice for " + invoiced.get().value() + " msats instead of "
                            + amount.value());
        }
        return new InvoiceResult.Invoice(bolt11, amount);
    }

    /** GETs a JSON object, following redirects only to destinations the guard accepts. */
    private Attempt<JsonNode> fetchJson(URI start, long deadline) {
        URI uri = start;
        for (int redirects = 0; ; redirects++) {
            if (guard.check(uri) instanceof Attempt.Failed<URI>(var refusal)) {
                return new Attempt.Failed<>(refusal);
            }
            HttpResponse<CappedBody> response;
            switch (send(uri, deadline)) {
                case Attempt.Failed<HttpResponse<CappedBody>>(var refusal) -> {
                    return new Attempt.Failed<>(refusal);
                }
                case Attempt.Ok<HttpResponse<CappedBody>>(var received) -> response = received;
            }
            if (!REDIRECT_STATUSES.contains(response.statusCode())) {
                return read(response);
            }
            if (redirects >= config.maxRedirects()) {
                return Attempt.refuse(Reason.BAD_RESPONSE, "the service redirected too many times");
            }
            Optional<String> location = response.headers().firstValue("Location");
            if (location.isEmpty()) {
                return Attempt.refuse(Reason.BAD_RESPONSE, "the service redirected without a location");
            }
            switch (redirectTarget(uri, location.get())) {
                case Attempt.Failed<URI>(var refusal) -> {
                    return new Attempt.Failed<>(refusal);
                }
                case Attempt.Ok<URI>(var next) -> uri = next;
            }
        }
    }

    private static Attempt<URI> redirectTarget(URI from, String location) {
        URI target;
        try {
            target = from.resolve(location.strip());
        } catch (IllegalArgumentException e) {
            return Attempt.refuse(Reason.BAD_RESPONSE, "the service redirected to an invalid URL");
        }
        return switch (PayLinks.url(target.toString())) {
            case Attempt.Failed<URI>(var refusal) ->
                Attempt.refuse(Reason.BAD_RESPONSE, "the service redirected to an unusable URL: " + refusal.message());
            case Attempt.Ok<URI> ok -> ok;
        };
    }

    private Attempt<HttpResponse<CappedBody>> send(URI uri, long deadline) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            return timedOut();
        }
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofNanos(remaining))
                .header("Accept", "application/json")
                .GET()
                .build();
        CompletableFuture<HttpResponse<CappedBody>> pending =
                http.sendAsync(request, CappedBody.handler(config.maxResponseBytes()));
        try {
            // The request timeout stops at the headers; waiting on the future bounds reading the body too.
            return Attempt.ok(pending.get(remaining, TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            pending.cancel(true);
            return timedOut();
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            return Attempt.refuse(Reason.UNREACHABLE, "interrupted while waiting for the LNURL service");
        } catch (ExecutionException e) {
            return switch (e.getCause()) {
                case HttpTimeoutException timeout -> timedOut();
                case IOException io -> Attempt.refuse(Reason.UNREACHABLE, "cannot reach the LNURL service");
                case null, default -> throw new IllegalStateException("LNURL request failed unexpectedly", e);
            };
        }
    }

    private Attempt<JsonNode> read(HttpResponse<CappedBody> response) {
        return switch (response.body()) {
            case CappedBody.TooLarge(var limit) ->
                Attempt.refuse(Reason.BAD_RESPONSE, "the service's answer is larger than " + limit + " bytes");
            case CappedBody.Received(var bytes) -> interpret(response.statusCode(), bytes);
        };
    }

    private Attempt<JsonNode> interpret(int status, byte[] bytes) {
        Optional<JsonNode> body = jsonObject(bytes);
        // LUD-06: a service reports failure as {"status":"ERROR","reason":...}, whatever the HTTP status.
        if (body.isPresent() && body.get().path("status").asText("").equalsIgnoreCase("ERROR")) {
            String reason = body.get().path("reason").asText("");
            return Attempt.refuse(
                    Reason.SERVICE_ERROR,
                    "the LNURL service refused: " + (reason.isBlank() ? "no reason given" : ServiceText.clean(reason)));
        }
        if (status < 200 || status > 299) {
            return Attempt.refuse(Reason.SERVICE_ERROR, "the LNURL service answered HTTP " + status);
        }
        return body.<Attempt<JsonNode>>map(Attempt::ok)
                .orElseGet(() -> Attempt.refuse(Reason.BAD_RESPONSE, "the LNURL service did not answer with JSON"));
    }

    private Optional<JsonNode> jsonObject(byte[] bytes) {
        try {
            JsonNode node = json.readTree(bytes);
            return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static <T> Attempt<T> timedOut() {
        return Attempt.refuse(Reason.UNREACHABLE, "the LNURL service did not answer in time");
    }
}
