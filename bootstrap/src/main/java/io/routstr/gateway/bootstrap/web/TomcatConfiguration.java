package io.routstr.gateway.bootstrap.web;

import io.routstr.gateway.rest.limits.RequestLimits;
import org.apache.catalina.core.StandardHost;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The embedded Tomcat: errors it answers itself are JSON too ({@link JsonErrorReportValve}), a read of a request body
 * that stalls is cut after {@code REQUEST_BODY_TIMEOUT_SECONDS}, and each connection's buffers are sized for thousands
 * of open streams ({@code HTTP_CONNECTION_BUFFER_BYTES}). The node's container when {@code HTTP_SERVER=tomcat}; Jetty
 * ({@link JettyServerConfiguration}) otherwise.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = HttpServer.PROPERTY, havingValue = "tomcat")
public class TomcatConfiguration {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> jsonErrorReports() {
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(JsonErrorReportValve.class.getName());
            }
        });
    }

    /**
     * A body read that receives nothing for the body timeout fails (Tomcat's upload timeout; its connection timeout
     * otherwise applies), so a stalled body is bounded too, not only a trickling one ({@code RequestBodyLimitFilter}).
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> bodyReadTimeout(RequestLimits limits) {
        return factory -> factory.addConnectorCustomizers(connector -> {
            if (connector.getProtocolHandler() instanceof AbstractHttp11Protocol<?> http) {
                http.setDisableUploadTimeout(false);
                http.setConnectionUploadTimeout(
                        Math.toIntExact(limits.bodyTimeout().toMillis()));
            }
        });
    }

    /**
     * A connection's socket read and write buffers and its response buffer, {@code HTTP_CONNECTION_BUFFER_BYTES} each
     * (Tomcat: 8 KiB each, the response's with 8 Ki chars beside it). Every open stream holds them: at 5,000 streams
     * the live heap was 113 MB larger with the 8 KiB defaults than at 4 KiB (docs/benchmarks.md, session 16). The read
     * buffer also adds to the header buffer, which is {@code MAX_REQUEST_HEADER_BYTES} plus it.
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> compactConnectionBuffers(
            @Value("${routstr.http.connection-buffer-bytes:4096}") int bytes) {
        return factory -> {
            factory.setProtocol(CompactBuffersHttp11NioProtocol.class.getName());
            factory.addConnectorCustomizers(connector -> {
                if (connector.getProtocolHandler() instanceof CompactBuffersHttp11NioProtocol protocol) {
                    protocol.setResponseBufferBytes(bytes);
                }
                connector.setProperty("socket.appReadBufSize", Integer.toString(bytes));
                connector.setProperty("socket.appWriteBufSize", Integer.toString(bytes));
            });
        };
    }
}
