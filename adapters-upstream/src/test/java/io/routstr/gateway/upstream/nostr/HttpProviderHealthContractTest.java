package io.routstr.gateway.upstream.nostr;

import com.sun.net.httpserver.HttpServer;
import io.routstr.gateway.application.contract.ProviderHealthContract;
import io.routstr.gateway.application.port.out.ProviderHealthPort;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;

/** {@link ProviderHealthContract} on {@link HttpProviderHealth} asking a real HTTP server. */
class HttpProviderHealthContractTest extends ProviderHealthContract {

    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Override
    protected ProviderHealthPort health() {
        return new HttpProviderHealth(Duration.ofSeconds(5));
    }

    @Override
    protected String nodeAnsweringInfo(String json) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            boolean info = exchange.getRequestURI().getPath().equals("/v1/info");
            byte[] bytes = (info ? json : "{\"detail\":\"Not Found\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(info ? 200 : 404, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }
}
