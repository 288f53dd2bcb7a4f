package io.routstr.gateway.bootstrap.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.rest.limits.RequestLimits;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.embedded.jetty.JettyServletWebServerFactory;
import org.springframework.boot.web.embedded.jetty.JettyWebServer;

/**
 * Jetty as the node configures it, serving a servlet over a real socket: every request is handled on a virtual thread,
 * also one that had already arrived when the one before it on its connection completed outside Jetty's handling, and
 * a connection's idle timeout between requests is the one it has while a request is handled.
 */
class JettyServerConfigurationTest {

    private final JettyServerConfiguration configuration = new JettyServerConfiguration();
    private final List<Boolean> handledOnAVirtualThread = new CopyOnWriteArrayList<>();
    private JettyWebServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private void start() {
        JettyServletWebServerFactory factory = configuration.jettyServletWebServerFactory();
        factory.setPort(0);
        configuration.jettyThreads().customize(factory);
        configuration.bodyReadTimeout(RequestLimits.defaults()).customize(factory);
        server = (JettyWebServer) factory.getWebServer(context -> {
            ServletRegistration.Dynamic probe = context.addServlet("probe", new HttpServlet() {
                @Override
                protected void service(HttpServletRequest request, HttpServletResponse response) {
                    handledOnAVirtualThread.add(Thread.currentThread().isVirtual());
                    // Answered from another thread after the handler returned, as the node's door answers a
                    // request that waited for its turn: the request completes outside Jetty's own handling.
                    AsyncContext answer = request.startAsync();
                    Thread.ofPlatform().start(() -> {
                        try {
                            answer.getResponse().getWriter().write("ok");
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        } finally {
                            answer.complete();
                        }
                    });
                }
            });
            probe.setAsyncSupported(true);
            probe.addMapping("/*");
        });
        server.start();
    }

    @Test
    void requestsAlreadyWaitingOnTheirConnection_areHandledOnVirtualThreads_asTheFirstIs() throws Exception {
        start();
        String request = "GET /probe HTTP/1.1\r\nHost: node\r\n\r\n";
        String last = "GET /probe HTTP/1.1\r\nHost: node\r\nConnection: close\r\n\r\n";

        String answers;
        try (Socket socket = new Socket("127.0.0.1", server.getPort())) {
            // One write: when the first request completes (on another thread), the next two are read already, and
            // Jetty hands the connection to its pool to handle the next.
            socket.getOutputStream().write((request + request + last).getBytes(StandardCharsets.US_ASCII));
            answers = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        }

        assertThat(Pattern.compile("HTTP/1.1 200").matcher(answers).results()).hasSize(3);
        assertThat(handledOnAVirtualThread).containsExactly(true, true, true);
    }

    @Test
    void aConnectionsIdleTimeoutBetweenRequests_isTheOneWhileARequestIsHandled_theBodyTimeout() {
        start();
        Server jetty = server.getServer();
        long bodyTimeout = RequestLimits.defaults().bodyTimeout().toMillis();

        List<ServerConnector> connectors = Arrays.stream(jetty.getConnectors())
                .map(ServerConnector.class::cast)
                .toList();

        assertThat(connectors).isNotEmpty().allSatisfy(connector -> {
            assertThat(connector.getIdleTimeout()).isEqualTo(bodyTimeout);
            assertThat(connector
                            .getConnectionFactory(HttpConnectionFactory.class)
                            .getHttpConfiguration()
                            .getIdleTimeout())
                    .isEqualTo(bodyTimeout);
        });
    }
}
