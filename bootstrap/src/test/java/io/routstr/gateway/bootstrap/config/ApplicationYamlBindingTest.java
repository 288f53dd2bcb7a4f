package io.routstr.gateway.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.port.out.LightningAddressPort.InvoiceResult;
import io.routstr.gateway.application.port.out.LightningAddressPort.InvoiceResult.Refused;
import io.routstr.gateway.application.port.out.LightningAddressPort.Reason;
import io.routstr.gateway.cashu.lnurl.LnurlPayResolver;
import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.upstream.http.UpstreamSettings;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

/** Routstr's environment variables reach the properties the node reads, through {@code application.yml}. */
class ApplicationYamlBindingTest {

    /** The value {@code property} takes when the node starts with exactly {@code variables} in its environment. */
    private static String resolve(String property, Map<String, Object> variables) throws IOException {
        return environment(variables).getProperty(property);
    }

    /** The proxy's settings as the node binds them with exactly {@code variables} in its environment. */
    private static ProxyProperties proxy(Map<String, Object> variables) throws IOException {
        return Binder.get(environment(variables)).bindOrCreate("routstr.proxy", ProxyProperties.class);
    }

    private static StandardEnvironment environment(Map<String, Object> variables) throws IOException {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().addFirst(new MapPropertySource("env", variables));
        new YamlPropertySourceLoader()
                .load("application.yml", new ClassPathResource("application.yml"))
                .forEach(source -> environment.getPropertySources().addLast(source));
        return environment;
    }

    @Test
    void privateRefundDestinationsAreRefusedUnlessRefundAllowPrivateDestinationsSaysOtherwise() throws IOException {
        String property = "routstr.lightning.allow-private-refund-destinations";
        assertThat(resolve(property, Map.of())).isEqualTo("false");
        assertThat(resolve(property, Map.of("REFUND_ALLOW_PRIVATE_DESTINATIONS", "true")))
                .isEqualTo("true");
    }

    /** What the node's refund-address resolver answers for a loopback address, under {@code variables}. */
    private static InvoiceResult refundToLoopback(Map<String, Object> variables) throws IOException {
        boolean allowPrivate =
                Boolean.parseBoolean(resolve("routstr.lightning.allow-private-refund-destinations", variables));
        try (LnurlPayResolver resolver = new WalletConfiguration().lnurlPayResolver(allowPrivate, false)) {
            // Port 1: nothing listens, so an allowed destination fails to connect instead of answering.
            return resolver.requestInvoice("refund@127.0.0.1:1", Msats.ofSats(1));
        }
    }

    @Test
    void aRefundToALoopbackAddressIsRefusedByDefault_andTriedWhenRefundAllowPrivateDestinationsIsTrue()
            throws IOException {
        assertThat(refundToLoopback(Map.of()))
                .isInstanceOfSatisfying(
                        Refused.class, refused -> assertThat(refused.reason()).isEqualTo(Reason.FORBIDDEN_DESTINATION));
        assertThat(refundToLoopback(Map.of("REFUND_ALLOW_PRIVATE_DESTINATIONS", "true")))
                .isInstanceOfSatisfying(
                        Refused.class, refused -> assertThat(refused.reason()).isEqualTo(Reason.UNREACHABLE));
    }

    @Test
    void tomcatKeepsAProcessorForEachStreamOfABurstOf5000_andHttpProcessorCacheSetsHowMany() throws IOException {
        assertThat(resolve("server.tomcat.processor-cache", Map.of())).isEqualTo("5000");
        assertThat(resolve("server.tomcat.processor-cache", Map.of("HTTP_PROCESSOR_CACHE", "200")))
                .isEqualTo("200");
    }

    @Test
    void theNodeRunsInJetty_andHttpServerNamesTheContainer() throws IOException {
        assertThat(resolve("routstr.http.server", Map.of())).isEqualTo("jetty");
        assertThat(resolve("routstr.http.server", Map.of("HTTP_SERVER", "tomcat")))
                .isEqualTo("tomcat");
    }

    @Test
    void theListenBacklogIs8192ForEitherContainer_andListenBacklogSetsIt() throws IOException {
        assertThat(resolve("routstr.http.listen-backlog", Map.of())).isEqualTo("8192");
        assertThat(resolve("server.tomcat.accept-count", Map.of())).isEqualTo("8192");
        assertThat(resolve("server.tomcat.accept-count", Map.of("LISTEN_BACKLOG", "1024")))
                .isEqualTo("1024");
    }

    @Test
    void aConnectionsBuffersAre4KiBEach_andHttpConnectionBufferBytesSetsThem() throws IOException {
        assertThat(resolve("routstr.http.connection-buffer-bytes", Map.of())).isEqualTo("4096");
        assertThat(resolve("routstr.http.connection-buffer-bytes", Map.of("HTTP_CONNECTION_BUFFER_BYTES", "8192")))
                .isEqualTo("8192");
    }

    @Test
    void headersMayTake32KiB_andMaxRequestHeaderBytesSetsHowMany() throws IOException {
        assertThat(resolve("server.max-http-request-header-size", Map.of())).isEqualTo("32768");
        assertThat(resolve("server.max-http-request-header-size", Map.of("MAX_REQUEST_HEADER_BYTES", "65536")))
                .isEqualTo("65536");
    }

    @Test
    void withoutAnyVariableTheUpstreamSettingsKeepTheirDefaults() throws IOException {
        ProxyProperties proxy = proxy(Map.of());
        assertThat(proxy.firstByteTimeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(proxy.idleTimeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(proxy.circuitOpenWait()).isEqualTo(Duration.ofSeconds(30));
        // As many as the node takes in flight (MAX_CONCURRENT_REQUESTS): 5,000 streams to one provider fit by default.
        assertThat(proxy.maxConcurrentPerProvider()).isEqualTo(10_000);
    }

    @Test
    void routstrsFirstTokenTimeoutInSecondsSetsTheFirstByteTimeout() throws IOException {
        assertThat(proxy(Map.of("UPSTREAM_FIRST_TOKEN_TIMEOUT_SECONDS", "45")).firstByteTimeout())
                .isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void routstrsStreamIdleAndReadTimeoutsInSecondsSetTheIdleTimeout_theStreamIdleOneFirst() throws IOException {
        assertThat(proxy(Map.of("UPSTREAM_READ_TIMEOUT", "900")).idleTimeout()).isEqualTo(Duration.ofSeconds(900));
        assertThat(proxy(Map.of("UPSTREAM_STREAM_IDLE_TIMEOUT_SECONDS", "60")).idleTimeout())
                .isEqualTo(Duration.ofSeconds(60));
        assertThat(proxy(Map.of("UPSTREAM_STREAM_IDLE_TIMEOUT_SECONDS", "60", "UPSTREAM_READ_TIMEOUT", "900"))
                        .idleTimeout())
                .isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void routstrsCooldownInSecondsSetsHowLongAnOpenCircuitWaits() throws IOException {
        assertThat(proxy(Map.of("UPSTREAM_COOLDOWN_SECONDS", "90")).circuitOpenWait())
                .isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void withoutUpstreamAllowedFailsTheCircuitOpensOnTheFailureRate() throws IOException {
        UpstreamSettings settings = ProxyConfiguration.upstreamSettings(proxy(Map.of()));
        assertThat(settings.failureRateThreshold()).isEqualTo(50f);
        assertThat(settings.slidingWindowSize()).isEqualTo(20);
        assertThat(settings.minimumCalls()).isEqualTo(10);
    }

    @Test
    void routstrsAllowedFailsOpensTheCircuitAfterThatManyFailuresInARow_withRoutstrsCooldown() throws IOException {
        UpstreamSettings settings = ProxyConfiguration.upstreamSettings(
                proxy(Map.of("UPSTREAM_ALLOWED_FAILS", "3", "UPSTREAM_COOLDOWN_SECONDS", "45")));
        assertThat(settings.failureRateThreshold()).isEqualTo(100f);
        assertThat(settings.slidingWindowSize()).isEqualTo(3);
        assertThat(settings.minimumCalls()).isEqualTo(3);
        assertThat(settings.openStateWait()).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void routstrs5xxRetryAttemptsSetHowOftenAFailingRouteIsCalledAgain_onceByDefault() throws IOException {
        assertThat(proxy(Map.of()).upstream5xxRetryAttempts()).isEqualTo(1);
        assertThat(proxy(Map.of("UPSTREAM_5XX_RETRY_ATTEMPTS", "0")).upstream5xxRetryAttempts())
                .isZero();
        assertThat(proxy(Map.of("UPSTREAM_5XX_RETRY_ATTEMPTS", "3")).upstream5xxRetryAttempts())
                .isEqualTo(3);
    }

    @Test
    void routstrsMaxConnectionsSetsTheBulkheadPerProvider() throws IOException {
        assertThat(proxy(Map.of("UPSTREAM_MAX_CONNECTIONS", "50")).maxConcurrentPerProvider())
                .isEqualTo(50);
    }

    @Test
    void thisNodesOwnNamesStillWorkAndWinOverRoutstrsLaterOnes() throws IOException {
        ProxyProperties proxy = proxy(Map.of(
                "UPSTREAM_FIRST_BYTE_TIMEOUT", "10s",
                "UPSTREAM_FIRST_TOKEN_TIMEOUT_SECONDS", "45",
                "UPSTREAM_IDLE_TIMEOUT", "20s",
                "UPSTREAM_STREAM_IDLE_TIMEOUT_SECONDS", "60",
                "UPSTREAM_READ_TIMEOUT", "900",
                "UPSTREAM_CIRCUIT_OPEN_WAIT", "5s",
                "UPSTREAM_COOLDOWN_SECONDS", "90",
                "UPSTREAM_MAX_CONCURRENT", "7",
                "UPSTREAM_MAX_CONNECTIONS", "50"));
        assertThat(proxy.firstByteTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(proxy.idleTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(proxy.circuitOpenWait()).isEqualTo(Duration.ofSeconds(5));
        assertThat(proxy.maxConcurrentPerProvider()).isEqualTo(7);
    }
}
