package io.routstr.gateway.bootstrap.web;

import java.util.Arrays;
import org.eclipse.jetty.ee10.webapp.Configuration;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.embedded.jetty.JettyServletWebServerFactory;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.eclipse.jetty.util.VirtualThreads;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** Jetty as the servlet container when {@code HTTP_SERVER=jetty}. */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "routstr.http.server", havingValue = "jetty")
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
        return new WebServerFactoryCustomizer<>() {
            @Override
            public void customize(JettyServletWebServerFactory factory) {
                QueuedThreadPool pool = new QueuedThreadPool(64, 4);
                pool.setName("jetty");
                pool.setVirtualThreadsExecutor(VirtualThreads.getNamedVirtualThreadsExecutor("jetty-vt-"));
                factory.setThreadPool(pool);
            }
        };
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
                    .filter(configuration -> !configuration.getClass().getName().endsWith("JettyServletWebServerFactory$2"))
                    .toArray(Configuration[]::new);
        }
    }
}
