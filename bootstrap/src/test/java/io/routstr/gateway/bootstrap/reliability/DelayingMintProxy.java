package io.routstr.gateway.bootstrap.reliability;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An HTTP proxy in front of the test mint, the only mint URL the nodes and the test's wallet know. Normally it passes
 * every call through. {@linkplain #trap(String, Moment) Armed} for one path, it holds the next call there, either
 * before the mint sees it or after the mint has done its work and answered, and never lets it go while armed: the test
 * then kills the calling node with the call in flight, exactly the window a crash of a real process can hit.
 */
final class DelayingMintProxy implements AutoCloseable {

    /** When a trapped call is held. */
    enum Moment {
        /** The mint never received the call. */
        BEFORE_MINT,
        /** The mint processed the call and answered; the answer never reaches the node. */
        AFTER_MINT
    }

    private record Trap(
            String path, Moment moment, AtomicInteger passing, CountDownLatch hit, CountDownLatch released) {}

    private static final Set<String> HOP_BY_HOP =
            Set.of("connection", "content-length", "host", "transfer-encoding", "upgrade", "expect", "keep-alive");

    private final HttpServer server;
    private final String mint;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicReference<Trap> trap = new AtomicReference<>();

    private DelayingMintProxy(HttpServer server, String mint) {
        this.server = server;
        this.mint = mint;
    }

    static DelayingMintProxy inFrontOf(String mintUrl) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
            DelayingMintProxy proxy = new DelayingMintProxy(server, mintUrl);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/", proxy::handle);
            server.start();
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The mint's URL as nodes and tokens name it. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Holds the next call to {@code path} at {@code moment}; {@link #awaitTrapped} tells when it is held. */
    void trap(String path, Moment moment) {
        trap(path, moment, 0);
    }

    /** Lets {@code passing} calls to {@code path} through, then holds the next one at {@code moment}. */
    void trap(String path, Moment moment, int passing) {
        trap.set(new Trap(path, moment, new AtomicInteger(passing), new CountDownLatch(1), new CountDownLatch(1)));
    }

    /** Waits until the armed trap holds a call; fails when none arrives within {@code atMost}. */
    void awaitTrapped(Duration atMost) throws InterruptedException {
        Trap armed = trap.get();
        if (armed == null) {
            throw new IllegalStateException("no trap armed");
        }
        if (!armed.hit().await(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("no call to " + armed.path() + " reached the mint proxy within " + atMost);
        }
    }

    /** Disarms the trap; a held call is then answered (to a node that is usually dead by then). */
    void disarm() {
        Trap armed = trap.getAndSet(null);
        if (armed != null) {
            armed.released().countDown();
        }
    }

    @Override
    public void close() {
        disarm();
        server.stop(0);
        http.close();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            Trap armed = trap.get();
            boolean trapped = armed != null
                    && path.equals(armed.path())
                    && armed.hit().getCount() > 0
                    && armed.passing().getAndDecrement() <= 0;
            if (trapped && armed.moment() == Moment.BEFORE_MINT) {
                hold(armed);
                return;
            }
            HttpResponse<byte[]> answer = forward(exchange);
            if (trapped) {
                hold(armed);
                return;
            }
            answer.headers().map().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                    values.forEach(value -> exchange.getResponseHeaders().add(name, value));
                }
            });
            byte[] body = answer.body();
            exchange.sendResponseHeaders(answer.statusCode(), body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (IOException e) {
            // the caller went away (a killed node): nothing to answer
        }
    }

    private HttpResponse<byte[]> forward(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(mint + exchange.getRequestURI().toString()))
                .timeout(Duration.ofSeconds(30))
                .method(
                        exchange.getRequestMethod(),
                        body.length == 0
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                values.forEach(value -> request.header(name, value));
            }
        });
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while forwarding to the mint", e);
        }
    }

    /** Signals the test and keeps the call open until the trap is disarmed. */
    private static void hold(Trap armed) {
        armed.hit().countDown();
        try {
            armed.released().await(2, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
