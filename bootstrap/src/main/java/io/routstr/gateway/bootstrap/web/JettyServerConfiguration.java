package io.routstr.gateway.bootstrap.web;

import io.routstr.gateway.rest.limits.OverloadDoor;
import io.routstr.gateway.rest.limits.RequestLimits;
import java.util.Arrays;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.eclipse.jetty.ee10.webapp.Configuration;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.VirtualThreads;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.embedded.jetty.JettyServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.context.annotation.Bean;

/**
 * Jetty, the node's servlet container unless {@code HTTP_SERVER=tomcat} ({@link HttpServer}), doing what {@link
 * TomcatConfiguration} has Tomcat do: errors it answers itself are JSON ({@link JsonErrorHandler}), a read of a request
 * body that stalls is cut after {@code REQUEST_BODY_TIMEOUT_SECONDS}, each connection's buffers are
 * {@code HTTP_CONNECTION_BUFFER_BYTES}, and the listen backlog is {@code LISTEN_BACKLOG}. One thing more than under
 * Tomcat: a request the node sheds at once is answered before the servlet context ({@link OverloadDoorHandler}).
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = HttpServer.PROPERTY, havingValue = "jetty", matchIfMissing = true)
public class JettyServerConfiguration {

    @Bean
    JettyServletWebServerFactory jettyServletWebServerFactory() {
        return new Jetty121ServletWebServerFactory();
    }

    /**
     * Selectors and acceptors on a small pool of platform threads, each request's handling on a virtual thread of its
     * own, unbounded: the node's own admission bounds the work ({@code MAX_WORKING_REQUESTS}). Boot's virtual-thread
     * pool runs the selectors on virtual threads too and lets at most 200 tasks run at once, so requests beyond them
     * queued inside Jetty where the node could neither see nor shed them.
     */
    @Bean
    WebServerFactoryCustomizer<JettyServletWebServerFactory> jettyThreads() {
        return factory -> {
            QueuedThreadPool pool = new RequestsOnVirtualThreadsPool(64, 4);
            pool.setName("jetty");
            pool.setVirtualThreadsExecutor(VirtualThreads.getNamedVirtualThreadsExecutor("jetty-vt-"));
            factory.setThreadPool(pool);
        };
    }

    /**
     * Jetty's pool of platform threads, except for a connection whose next request already arrived when the last one
     * completed: Jetty hands that connection to the pool ({@code HttpConnection.run}), whose thread then parsed and
     * handled the request itself, a platform thread waiting on the database and the upstream as a virtual one would.
     * In a 64-connection closed loop many requests came so, each waking a pooled thread first (the pool's job queue
     * about 8 % of the node's CPU samples; docs/benchmarks.md, session 36). Such a connection now goes on a virtual
     * thread of its own, as a connection whose request arrives later does.
     */
    static final class RequestsOnVirtualThreadsPool extends QueuedThreadPool {

        RequestsOnVirtualThreadsPool(int maxThreads, int minThreads) {
            super(maxThreads, minThreads);
        }

        @Override
        public void execute(Runnable job) {
            Executor virtual = getVirtualThreadsExecutor();
            if (virtual != null && job instanceof HttpConnection) {
                virtual.execute(job);
            } else {
                super.execute(job);
            }
        }
    }

    /** Requests Jetty refuses before the servlet context sees them are answered by the server's error handler. */
    @Bean
    WebServerFactoryCustomizer<JettyServletWebServerFactory> jsonErrorReports() {
        return factory -> factory.addServerCustomizers(server -> server.setErrorHandler(new JsonErrorHandler()));
    }

    /**
     * A body read that receives nothing for the body timeout fails, as under Tomcat's upload timeout, so a stalled body
     * is bounded too, not only a trickling one ({@code RequestBodyLimitFilter}). Jetty's idle timeout while a request
     * is handled applies to its pending reads and writes only: a request waiting for its upstream, with no read or
     * write pending, is not cut. Between requests the connector's own idle timeout applies, and it is the same: Jetty
     * sets a connection's idle timeout to the request's when a request begins and back when it completes, and each
     * change to a shorter one rescheduled the connection's idle check, a wake-up of Jetty's scheduler thread per
     * request (with the connector's default of 30 s; docs/benchmarks.md, session 36). An idle keep-alive connection is
     * so closed after the body timeout, 60 s by default, as Tomcat closes one after its connection timeout, 60 s.
     */
    @Bean
    WebServerFactoryCustomizer<JettyServletWebServerFactory> bodyReadTimeout(RequestLimits limits) {
        long timeout = limits.bodyTimeout().toMillis();
        return factory -> factory.addServerCustomizers(server -> {
            eachHttpConfiguration(server, http -> http.setIdleTimeout(timeout));
            eachServerConnector(server, connector -> connector.setIdleTimeout(timeout));
        });
    }

    /**
     * A connection's read buffer and its response buffer, {@code HTTP_CONNECTION_BUFFER_BYTES} each (Jetty: 8 KiB and
     * 32 KiB), so that an answer is written in pieces of the same size under either container. Jetty holds neither
     * while a connection waits: its read buffer goes back to the pool once empty, its response buffer is taken when an
     * answer is written.
     */
    @Bean
    WebServerFactoryCustomizer<JettyServletWebServerFactory> compactConnectionBuffers(
            @Value("${routstr.http.connection-buffer-bytes:4096}") int bytes) {
        if (bytes < 512) {
            throw new IllegalArgumentException("a connection buffer of " + bytes + " bytes is smaller than 512");
        }
        return factory -> factory.addServerCustomizers(server -> eachHttpConfiguration(server, http -> {
            http.setInputBufferSize(bytes);
            // Writes of up to a quarter of it are copied into the buffer, larger ones go out as they are.
            http.setOutputBufferSize(bytes);
        }));
    }

    /**
     * No per-connection cache of header fields. Jetty builds one for each connection once its first request's headers
     * are parsed, to reuse their fields on the next request: a trie of 1,024 rows, about 28 KiB of heap, held for as
     * long as the connection is open. In a flood of 16,000 keep-alive connections these tries were three quarters of
     * the node's live heap (609 MB of char arrays in a class histogram, 74 % of a live-allocation profile's samples),
     * and every open stream would pay for one too (docs/benchmarks.md, session 31). Jetty's shared cache of common
     * fields still applies.
     */
    @Bean
    WebServerFactoryCustomizer<JettyServletWebServerFactory> noHeaderCachePerConnection() {
        return factory -> factory.addServerCustomizers(
                server -> eachHttpConfiguration(server, http -> http.setHeaderCacheSize(0)));
    }

    /**
     * New requests the node sheds at once are answered before the servlet context ({@link OverloadDoorHandler}), the
     * cheapest place to answer thousands a second. Without the door's bean (a context without the overload's
     * configuration) nothing is put in front.
     */
    @Bean
    WebServerFactoryCustomizer<JettyServletWebServerFactory> overloadDoorInFrontOfTheServletContext(
            ObjectProvider<OverloadDoor> door,
            ObjectProvider<PaidRequestAdmission> paidRequests,
            @Value("${server.servlet.context-path:}") String contextPath) {
        return factory -> door.ifAvailable(available -> factory.addServerCustomizers(server ->
                server.insertHandler(new OverloadDoorHandler(available, contextPath, paidRequests.getIfAvailable()))));
    }

    /** Connections the kernel keeps waiting for the node to accept them (Jetty's default: the JVM's 50). */
    @Bean
    WebServerFactoryCustomizer<JettyServletWebServerFactory> listenBacklog(
            @Value("${routstr.http.listen-backlog:8192}") int backlog) {
        return factory -> factory.addServerCustomizers(
                server -> eachServerConnector(server, connector -> connector.setAcceptQueueSize(backlog)));
    }

    private static void eachServerConnector(Server server, Consumer<ServerConnector> change) {
        Arrays.stream(server.getConnectors())
                .filter(ServerConnector.class::isInstance)
                .map(ServerConnector.class::cast)
                .forEach(change);
    }

    private static void eachHttpConfiguration(Server server, Consumer<HttpConfiguration> change) {
        Arrays.stream(server.getConnectors())
                .flatMap(connector -> connector.getConnectionFactories().stream())
                .filter(HttpConnectionFactory.class::isInstance)
                .map(factory -> ((HttpConnectionFactory) factory).getHttpConfiguration())
                .forEach(change);
    }

    /**
     * Boot 3.5's factory adds one configuration written against Jetty 12.0 (its MIME mappings cast the context's
     * types to a class Jetty 12.1 removed); the node has no mappings of its own, so it is left out.
     */
    static final class Jetty121ServletWebServerFactory extends JettyServletWebServerFactory {
        @Override
        protected Configuration[] getWebAppContextConfigurations(
                WebAppContext context, ServletContextInitializer... initializers) {
            return Arrays.stream(super.getWebAppContextConfigurations(context, initializers))
                    .filter(configuration ->
                            !configuration.getClass().getName().endsWith("JettyServletWebServerFactory$2"))
                    .toArray(Configuration[]::new);
        }
    }
}
