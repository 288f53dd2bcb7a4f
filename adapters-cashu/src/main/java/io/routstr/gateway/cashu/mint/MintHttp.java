package io.routstr.gateway.cashu.mint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.routstr.gateway.application.port.out.MintPort.Call;
import io.routstr.gateway.application.port.out.MintPort.Refusal;
import io.routstr.gateway.application.port.out.MintPort.RefusalKind;
import io.routstr.gateway.cashu.mint.MintCallObserver.Operation;
import io.routstr.gateway.cashu.mint.MintCallObserver.Outcome;
import io.routstr.gateway.domain.mint.MintUrl;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * JSON over HTTP to one mint, behind that mint's bulkhead and circuit breaker. Only calls the caller declares safe to
 * repeat (GETs, checkstate, restore) are retried; a swap, mint or melt is sent once, because a repeat after an unknown
 * outcome must be decided by the recovery logic, not by a timer. Calls go out on {@link MintConnections}, whose
 * connections are never idle long enough for the mint to close them under a call. Every call is told to the
 * {@link MintCallObserver} with the time the mint took to answer it.
 */
final class MintHttp {

    private final MintUrl mint;
    private final MintConnections connections;
    private final ObjectMapper json;
    private final MintClientSettings settings;
    private final Bulkhead bulkhead;
    private final CircuitBreaker breaker;
    private final Retry retry;
    private final MintCallObserver observer;

    MintHttp(
            MintUrl mint,
            HttpClient client,
            ObjectMapper json,
            MintClientSettings settings,
            MintCallObserver observer) {
        this.mint = mint;
        this.observer = Objects.requireNonNull(observer, "observer");
        this.connections = MintConnections.like(client);
        this.json = json;
        this.settings = settings;
        String name = "mint-" + mint.value();
        this.bulkhead = settings.maxConcurrency() == 0
                ? null
                : Bulkhead.of(
                        name,
                        BulkheadConfig.custom()
                                .maxConcurrentCalls(settings.maxConcurrency())
                                .maxWaitDuration(settings.operationTimeout())
                                .build());
        this.breaker = CircuitBreaker.of(
                name,
                CircuitBreakerConfig.custom()
                        .slidingWindowSize(20)
                        .minimumNumberOfCalls(10)
                        .failureRateThreshold(50)
                        .waitDurationInOpenState(settings.circuitOpenDuration())
                        .permittedNumberOfCallsInHalfOpenState(2)
                        .build());
        this.retry = Retry.of(
                name,
                RetryConfig.<Call<JsonNode>>custom()
                        .maxAttempts(settings.retryMaxAttempts())
                        .intervalFunction(
                                settings.retryBackoff().isZero()
                                        ? IntervalFunction.of(Duration.ofMillis(1))
                                        : IntervalFunction.ofExponentialBackoff(settings.retryBackoff(), 2))
                        .retryOnResult(MintHttp::isTransient)
                        .failAfterMaxAttempts(false)
                        .build());
    }

    CircuitBreaker.State circuitState() {
        return breaker.getState();
    }

    /** A GET: safe to repeat. */
    Call<JsonNode> get(Operation operation, String path) {
        HttpRequest request = request(path).GET().build();
        return retry.executeSupplier(() -> guarded(operation, request));
    }

    /** A POST that changes nothing at the mint (checkstate, restore): safe to repeat. */
    Call<JsonNode> postIdempotent(Operation operation, String path, JsonNode body) {
        HttpRequest request = post(path, body, settings.operationTimeout());
        return retry.executeSupplier(() -> guarded(operation, request));
    }

    /** A POST that moves ecash (swap, mint, melt): sent once. */
    Call<JsonNode> postOnce(Operation operation, String path, JsonNode body, Duration timeout) {
        return guarded(operation, post(path, body, timeout));
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(mint.value() + path))
                .timeout(settings.operationTimeout())
                .header("accept", "application/json");
    }

    private HttpRequest post(String path, JsonNode body, Duration timeout) {
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise a mint request", e);
        }
        return request(path)
                .timeout(timeout)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .build();
    }

    private Call<JsonNode> guarded(Operation operation, HttpRequest request) {
        Supplier<Call<JsonNode>> call = () -> broken(operation, request);
        if (bulkhead == null) {
            return call.get();
        }
        long waiting = System.nanoTime();
        if (!bulkhead.tryAcquirePermission()) {
            observer.called(mint, operation, Outcome.BULKHEAD_FULL, System.nanoTime() - waiting);
            return new Call.Unreachable<>("too many concurrent calls to the mint");
        }
        try {
            return call.get();
        } finally {
            bulkhead.onComplete();
        }
    }

    private Call<JsonNode> broken(Operation operation, HttpRequest request) {
        if (!breaker.tryAcquirePermission()) {
            observer.called(mint, operation, Outcome.CIRCUIT_OPEN, 0);
            return new Call.Unreachable<>("mint circuit open after repeated failures");
        }
        long start = System.nanoTime();
        Call<JsonNode> result = exchange(operation, request);
        long took = System.nanoTime() - start;
        if (result instanceof Call.Unreachable<JsonNode> || result instanceof Call.OutcomeUnknown<JsonNode>) {
            breaker.onError(took, TimeUnit.NANOSECONDS, new IOException("mint transport failure"));
        } else {
            breaker.onSuccess(took, TimeUnit.NANOSECONDS);
        }
        return result;
    }

    /** Sends {@code request} and reads its answer; the time the mint took (send to last byte) goes to the observer. */
    private Call<JsonNode> exchange(Operation operation, HttpRequest request) {
        HttpClient client = connections.borrow();
        long sent = System.nanoTime();
        Call<JsonNode> result;
        try {
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            long answered = System.nanoTime() - sent;
            result = answer(response);
            observer.called(mint, operation, outcomeOf(result), answered);
            return result;
        } catch (HttpConnectTimeoutException | ConnectException notSent) {
            result = new Call.Unreachable<>("cannot connect to the mint");
        } catch (HttpTimeoutException timeout) {
            result = new Call.OutcomeUnknown<>("no answer from the mint within the timeout");
        } catch (IOException cut) {
            result = new Call.OutcomeUnknown<>(
                    "connection to the mint broke: " + cut.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result = new Call.OutcomeUnknown<>("interrupted while waiting for the mint");
        } finally {
            connections.giveBack(client);
        }
        observer.called(mint, operation, outcomeOf(result), System.nanoTime() - sent);
        return result;
    }

    private static Outcome outcomeOf(Call<JsonNode> result) {
        return switch (result) {
            case Call.Ok<JsonNode> ok -> Outcome.ANSWERED;
            case Call.Rejected<JsonNode> refused -> Outcome.REFUSED;
            case Call.Unreachable<JsonNode> unreachable -> Outcome.UNREACHABLE;
            case Call.OutcomeUnknown<JsonNode> unknown -> Outcome.OUTCOME_UNKNOWN;
        };
    }

    private Call<JsonNode> answer(HttpResponse<byte[]> response) {
        int status = response.statusCode();
        if (status == 429) {
            return new Call.Rejected<>(new Refusal(RefusalKind.RATE_LIMITED, 429, "rate limited"));
        }
        if (status >= 500) {
            return new Call.OutcomeUnknown<>("mint answered HTTP " + status);
        }
        JsonNode body;
        try {
            body = json.readTree(response.body());
        } catch (IOException e) {
            body = null;
        }
        if (status == 200) {
            return body == null || body.isMissingNode()
                    ? new Call.OutcomeUnknown<>("mint answered 200 with a body that is not JSON")
                    : new Call.Ok<>(body);
        }
        if (body != null && body.path("code").isIntegralNumber()) {
            return new Call.Rejected<>(NutErrorCodes.refusal(
                    body.path("code").asInt(), body.path("detail").asText("")));
        }
        String text = new String(response.body(), StandardCharsets.UTF_8);
        return new Call.Rejected<>(new Refusal(
                RefusalKind.OTHER, status, "HTTP " + status + ": " + text.substring(0, Math.min(200, text.length()))));
    }

    private static boolean isTransient(Call<JsonNode> result) {
        return result instanceof Call.Unreachable<JsonNode>
                || result instanceof Call.OutcomeUnknown<JsonNode>
                || (result instanceof Call.Rejected<JsonNode> r && r.refusal().kind() == RefusalKind.RATE_LIMITED);
    }
}
