package io.routstr.gateway.upstream.http;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends one request to a provider on the JDK client and waits at most the first-byte timeout for its response headers.
 * The wait is the caller's own, not the client's: a request carrying {@link HttpRequest.Builder#timeout} registers a
 * timer with its client, under the client's lock and with a wake-up of its selector thread, and cancels it again, on
 * every call; with many calls at once the callers queued on that lock (the busiest blocking site in a profile of
 * 64 concurrent paid requests).
 */
final class UpstreamTransport {

    private UpstreamTransport() {}

    /**
     * The response to {@code request}, its body still to be read from the publisher.
     *
     * @throws HttpTimeoutException when no response came within {@code firstByteTimeout}; the exchange is then
     *     cancelled, so its connection is not left reading an answer nobody waits for
     * @throws IOException as the client fails it ({@link java.net.http.HttpConnectTimeoutException} included)
     */
    static HttpResponse<Flow.Publisher<List<ByteBuffer>>> send(
            HttpClient client, HttpRequest request, Duration firstByteTimeout)
            throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<Flow.Publisher<List<ByteBuffer>>>> pending =
                client.sendAsync(request, HttpResponse.BodyHandlers.ofPublisher());
        try {
            return pending.get(firstByteTimeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw new HttpTimeoutException("request timed out");
        } catch (InterruptedException e) {
            pending.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(cause);
        }
    }
}
