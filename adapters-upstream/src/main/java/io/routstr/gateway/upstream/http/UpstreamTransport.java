package io.routstr.gateway.upstream.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.ArrayByteBufferPool;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Sends the paid request's call to a provider on Jetty's HTTP client 12.1 (HTTP/1.1 over keep-alive connections pooled
 * per provider address) and waits at most the first-byte timeout for the response headers; the caller then reads the
 * body through a {@link BodyReader}. One transport per node, shared by every provider, started when built and stopped
 * by {@link #close}.
 *
 * <p>Why Jetty's client and not the JDK's (docs/benchmarks.md, "Upstream HTTP client"): at 64 callers it took about a
 * quarter of the JDK client's CPU per call (37 against 132 µs) and 0.077 against 0.198 ms at one caller, and the JDK
 * client wakes its selector thread under a lock for every response it reads, which queued the node's request threads
 * on that lock under load. Only this call is on the hot path: the module's other HTTP users (catalogues and rates in
 * {@link JsonGet}, provider health, the Nostr WebSocket) stay on the JDK client.
 *
 * <p>Every wait is the caller's own, so that the adapter's timeouts mean exactly what they say: the client has no total
 * or idle timeout of its own during an exchange, and whoever stops waiting aborts the exchange, which closes its
 * connection rather than returning it to the pool. The caller's thread (virtual, on the paid path) waits on a future
 * and then on {@link BodyReader}'s semaphore, which park it without pinning its carrier and without a timeout: the
 * waits' deadlines are kept by {@link WaitDeadlines}.
 */
final class UpstreamTransport implements AutoCloseable {

    /** A pooled connection unused this long is closed (the JDK client's keep-alive default). */
    private static final Duration POOL_IDLE_TIMEOUT = Duration.ofSeconds(30);

    /** The longest the warm-up exchange may take at start-up. */
    private static final Duration WARM_UP_WAIT = Duration.ofSeconds(5);

    private final HttpClient client;

    /** The deadlines of the callers' waits, on the client's scheduler (no timed park on the paid path). */
    private final WaitDeadlines deadlines;

    /**
     * Room for a request's line and headers: the node's own limit ({@code MAX_REQUEST_HEADER_BYTES}, 32 KiB by default,
     * up to 128 KiB taken here) and the provider's auth on top.
     */
    private static final int REQUEST_HEADERS_BUFFER_BYTES = 144 * 1024;

    /**
     * A started client: connect timeout from {@code settings}, up to {@code maxConnectionsPerDestination} connections
     * to one provider address (the bulkhead bounds the calls in flight; a stream holds its connection to the end).
     */
    UpstreamTransport(Duration connectTimeout, int maxConnectionsPerDestination) {
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("upstream-http");
        threads.setDaemon(true);
        HttpClientTransportOverHTTP transport = new HttpClientTransportOverHTTP();
        // Every listener this class and BodyReader give Jetty only records a flag, completes a future or releases a
        // semaphore: none blocks. Said so, the selector thread parses an answer and runs them itself; Jetty's default
        // (BLOCKING) handed every read to a pool thread first, one more thread wake-up per read (docs/benchmarks.md,
        // "Latency tail and servlet container").
        transport.setInvocationType(Invocable.InvocationType.NON_BLOCKING);
        HttpClient http = new HttpClient(transport);
        http.setExecutor(threads);
        http.setConnectTimeout(connectTimeout.toMillis());
        http.setIdleTimeout(POOL_IDLE_TIMEOUT.toMillis());
        http.setMaxConnectionsPerDestination(maxConnectionsPerDestination);
        http.setMaxRequestsQueuedPerDestination(maxConnectionsPerDestination);
        // The client's headers go on to the provider, as many as MAX_REQUEST_HEADER_BYTES lets in: Jetty's default
        // 4 KiB buffer for a request's headers failed a request with 64 KiB of them before it left (424,
        // AdmissionEndToEndTest).
        http.setRequestBufferSize(REQUEST_HEADERS_BUFFER_BYTES);
        // Jetty takes a buffer of that size for every request's headers, and its default pool keeps none above 64 KiB:
        // each request allocated (and zeroed) 144 KiB of direct memory afresh (the profile's Bits.setMemory). A pool
        // whose largest buffer is that size hands the same buffers back.
        http.setByteBufferPool(new ArrayByteBufferPool(0, -1, REQUEST_HEADERS_BUFFER_BYTES));
        http.setFollowRedirects(false);
        // Providers' cookies must never travel from one client's request to another's.
        http.setHttpCookieStore(new HttpCookieStore.Empty());
        try {
            http.start();
        } catch (Exception e) {
            throw new IllegalStateException("the upstream HTTP client did not start", e);
        }
        // Registered by start(): no transparent gzip (the client's Accept-Encoding is dropped so that answers come
        // uncompressed and are passed on as sent), and no 401/407 authentication, 100-continue or upgrade handling:
        // every answer goes to the adapter as the provider sent it.
        http.getContentDecoderFactories().clear();
        http.getProtocolHandlers().clear();
        this.client = http;
        this.deadlines = new WaitDeadlines(http.getScheduler());
        warmUp();
    }

    /**
     * One exchange with a throwaway local listener, so that the classes and code of a call are loaded before the first
     * paid request: otherwise its first-byte wait includes them, over a second on a busy machine. A failure here is
     * ignored; the first call then pays instead.
     */
    private void warmUp() {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().name("upstream-http-warm-up").start(() -> answerOnce(listener));
            Map<String, List<String>> headers = Call.newHeaders();
            headers.put("Content-Type", List.of("application/json"));
            URI uri = URI.create("http://127.0.0.1:" + listener.getLocalPort() + "/warm-up");
            if (send(new Call(uri, headers, new byte[0]), WARM_UP_WAIT) instanceof Sent.Answer answer) {
                BodyReader.Chunk chunk;
                do {
                    chunk = answer.body().next(WARM_UP_WAIT);
                } while (chunk instanceof BodyReader.Chunk.Data);
                answer.body().cancel();
            }
        } catch (IOException e) {
            // no local listener: the first call warms the client instead
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Answers the warm-up request: its head read, a short event stream sent, the connection closed. */
    private static void answerOnce(ServerSocket listener) {
        try (Socket socket = listener.accept()) {
            socket.setSoTimeout((int) WARM_UP_WAIT.toMillis());
            InputStream in = socket.getInputStream();
            int matched = 0;
            while (matched < 4) {
                int b = in.read();
                if (b < 0) {
                    return;
                }
                matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
            }
            socket.getOutputStream()
                    .write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nContent-Length: 14\r\n"
                                    + "Connection: close\r\n\r\ndata: [DONE]\n\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            // the warm-up is best effort
        }
    }

    /**
     * One POST to a provider.
     *
     * @param headers the request's headers, as they are sent (with the Content-Type of {@code body})
     */
    record Call(URI uri, Map<String, List<String>> headers, byte[] body) {

        /** An empty header map whose names compare without case, so that a header set later replaces one added. */
        static Map<String, List<String>> newHeaders() {
            return new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        }

        String contentType() {
            List<String> values = headers.get("Content-Type");
            return values == null || values.isEmpty() ? null : values.getFirst();
        }
    }

    /** What sending produced: the answer's head with its body still to read, or why no answer came. */
    sealed interface Sent {

        /** The response headers came; the caller reads {@code body} and cancels it if it stops early. */
        record Answer(int status, Map<String, List<String>> headers, BodyReader body) implements Sent {}

        /** The request never went out on a connection (refused, unresolvable, connect timeout, queue full). */
        record NotConnected(Throwable cause) implements Sent {}

        /** No response headers within the first-byte timeout; the exchange was aborted. */
        record TimedOut() implements Sent {}

        /** The exchange failed after the request began to be sent. */
        record Failed(Throwable cause) implements Sent {}
    }

    /**
     * Sends {@code call} and waits at most {@code firstByteTimeout} for the response headers; an exchange given up is
     * aborted, so its connection is not left reading an answer nobody waits for.
     *
     * @throws InterruptedException when the caller is interrupted while it waits; the exchange is then aborted
     */
    Sent send(Call call, Duration firstByteTimeout) throws InterruptedException {
        Exchange exchange = new Exchange(deadlines);
        Request request = client.newRequest(call.uri())
                .method(HttpMethod.POST)
                .version(HttpVersion.HTTP_1_1)
                // 0: no idle timeout while the exchange lasts; the caller's first-byte and idle waits bound it.
                .idleTimeout(0, TimeUnit.MILLISECONDS)
                .headers(fields -> call.headers()
                        .forEach((name, values) -> values.forEach(v -> {
                            if (sendable(name, v)) {
                                fields.add(name, v);
                            }
                        })))
                .body(new BytesRequestContent(call.contentType(), call.body()))
                .onRequestBegin(begun -> exchange.began = true)
                .onResponseContentSource(exchange::answered)
                .onResponseFailure((response, failure) -> exchange.wakeReader());
        WaitDeadlines.Deadline firstByte =
                deadlines.start(System.nanoTime() + firstByteTimeout.toNanos(), exchange::firstByteTimedOut);
        request.send(exchange::completed);
        try {
            Sent sent = exchange.head.get();
            if (sent instanceof Sent.TimedOut) {
                request.abort(new TimeoutException("no response headers within " + firstByteTimeout));
            }
            return sent;
        } catch (InterruptedException e) {
            request.abort(e);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            return exchange.began ? new Sent.Failed(cause) : new Sent.NotConnected(cause);
        } finally {
            firstByte.cancel();
        }
    }

    /**
     * Whether a header can go on the wire as it is: a token for a name (RFC 9110 §5.1), a value without control
     * characters other than tab and without characters beyond Latin-1. Others are left out, as the JDK client refused
     * them, rather than sent altered.
     */
    static boolean sendable(String name, String value) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean tchar = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!tchar) {
                return false;
            }
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != '\t' && (c < 0x20 || c == 0x7f || c > 0xff)) {
                return false;
            }
        }
        return true;
    }

    /** Stops the client: its connections are closed, exchanges still open fail. */
    @Override
    public void close() {
        try {
            deadlines.destroy();
            client.stop();
        } catch (Exception e) {
            throw new IllegalStateException("the upstream HTTP client did not stop cleanly", e);
        }
    }

    /** One exchange's listeners: the head handed to the waiting caller, failures passed on to its reader. */
    private static final class Exchange {

        /** The answer's head, or {@link Sent.TimedOut} when the first-byte deadline came first. */
        private final CompletableFuture<Sent> head = new CompletableFuture<>();

        private final WaitDeadlines deadlines;
        private volatile boolean began;
        private volatile BodyReader reader;

        private Exchange(WaitDeadlines deadlines) {
            this.deadlines = deadlines;
        }

        private void answered(Response response, Content.Source source) {
            BodyReader body = new BodyReader(response.getRequest(), source, deadlines);
            reader = body;
            head.complete(new Sent.Answer(response.getStatus(), headersOf(response), body));
        }

        private void firstByteTimedOut() {
            head.complete(new Sent.TimedOut());
        }

        private void completed(Result result) {
            if (result.isFailed()) {
                head.completeExceptionally(result.getFailure());
            }
            BodyReader body = reader;
            if (body != null) {
                body.exchangeOver();
            }
        }

        private void wakeReader() {
            BodyReader body = reader;
            if (body != null) {
                body.wake();
            }
        }

        /** The response headers by name, without case, as the provider sent them. */
        private static Map<String, List<String>> headersOf(Response response) {
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (HttpField field : response.getHeaders()) {
                headers.computeIfAbsent(field.getName(), name -> new ArrayList<>())
                        .add(Objects.requireNonNullElse(field.getValue(), ""));
            }
            headers.replaceAll((name, values) -> List.copyOf(values));
            return Collections.unmodifiableMap(headers);
        }
    }
}
