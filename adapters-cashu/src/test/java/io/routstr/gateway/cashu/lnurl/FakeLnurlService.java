package io.routstr.gateway.cashu.lnurl;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** An LNURL service on 127.0.0.1 for tests: routes answer with canned or computed responses and requests are logged. */
final class FakeLnurlService implements AutoCloseable {

    /** What a route sends back. */
    record Reply(int status, Map<String, String> headers, byte[] body) {

        static Reply json(String body) {
            return json(200, body);
        }

        static Reply json(int status, String body) {
            return new Reply(status, Map.of("Content-Type", "application/json"), body.getBytes(StandardCharsets.UTF_8));
        }

        static Reply text(int status, String body) {
            return new Reply(status, Map.of("Content-Type", "text/html"), body.getBytes(StandardCharsets.UTF_8));
        }

        static Reply redirect(String location) {
            return new Reply(302, Map.of("Location", location), new byte[0]);
        }
    }

    /** Computes a reply from the request URI (path and query). */
    @FunctionalInterface
    interface Route {
        Reply answer(URI requestUri) throws Exception;
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final List<URI> requests = new CopyOnWriteArrayList<>();

    FakeLnurlService() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.start();
    }

    FakeLnurlService route(String path, Route route) {
        server.createContext(path, exchange -> handle(exchange, route));
        return this;
    }

    /** host:port, for Lightning addresses. */
    String authority() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    String url(String pathAndQuery) {
        return "http://" + authority() + pathAndQuery;
    }

    List<URI> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange, Route route) throws IOException {
        try (exchange) {
            requests.add(exchange.getRequestURI());
            Reply reply;
            try {
                reply = route.answer(exchange.getRequestURI());
            } catch (Exception e) {
                reply = Reply.text(500, e.toString());
            }
            reply.headers()
                    .forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            exchange.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
            if (reply.body().length > 0) {
                exchange.getResponseBody().write(reply.body());
            }
        } catch (IOException clientWentAway) {
            // The resolver hangs up on oversized bodies and timeouts; that is the behaviour under test.
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
