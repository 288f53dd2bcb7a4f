package io.routstr.gateway.bootstrap.web;

import io.routstr.gateway.rest.limits.RequestLimits;
import org.apache.catalina.core.StandardHost;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The embedded Tomcat: errors it answers itself are JSON too ({@link JsonErrorReportValve}), and a read of a request
 * body that stalls is cut after {@code REQUEST_BODY_TIMEOUT_SECONDS}.
 */
@Configuration(proxyBeanMethods = false)
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
}
