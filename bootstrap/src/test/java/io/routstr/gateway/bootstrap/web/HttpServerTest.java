package io.routstr.gateway.bootstrap.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.rest.limits.RequestLimits;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.web.embedded.jetty.JettyServletWebServerFactory;

/**
 * {@code HTTP_SERVER} picks the servlet container's configuration: Tomcat's unless Jetty is named, never both, and a
 * name that is neither stops the start.
 */
class HttpServerTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withBean(RequestLimits.class, RequestLimits::defaults)
            .withUserConfiguration(HttpServer.Choice.class, TomcatConfiguration.class, JettyServerConfiguration.class);

    @Test
    void withoutASetting_theNodeRunsInJetty() {
        context.run(started -> {
            assertThat(started).hasSingleBean(JettyServerConfiguration.class);
            assertThat(started).hasSingleBean(JettyServletWebServerFactory.class);
            assertThat(started).doesNotHaveBean(TomcatConfiguration.class);
            assertThat(started.getBean(HttpServer.class)).isEqualTo(HttpServer.JETTY);
        });
    }

    @Test
    void tomcat_replacesJettysConfigurationWithTomcats_inAnyCase() {
        for (String name : new String[] {"tomcat", "Tomcat", "TOMCAT"}) {
            context.withPropertyValues("routstr.http.server=" + name).run(started -> {
                assertThat(started).hasSingleBean(TomcatConfiguration.class);
                assertThat(started).doesNotHaveBean(JettyServerConfiguration.class);
                assertThat(started).doesNotHaveBean(JettyServletWebServerFactory.class);
                assertThat(started.getBean(HttpServer.class)).isEqualTo(HttpServer.TOMCAT);
            });
        }
    }

    @Test
    void aNameThatIsNeither_stopsTheStart_namingTheSetting() {
        context.withPropertyValues("routstr.http.server=undertow")
                .run(started -> assertThat(started)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessage("HTTP_SERVER must be tomcat or jetty, not 'undertow'"));
    }
}
