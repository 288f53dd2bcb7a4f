package io.routstr.gateway.bootstrap.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.bootstrap.GatewayApplication;
import io.routstr.gateway.bootstrap.proxy.ProxyTestSupport.FundedKey;
import io.routstr.gateway.upstream.fake.FakeOpenAiServer;
import jakarta.servlet.Filter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * How often a paid {@code sk-} request goes to the database (issue 9: at most two round trips is the goal). The
 * node's {@link DataSource} is wrapped so that, on the thread serving a request, every connection taken from the pool
 * (one per transaction or standalone query) and every statement prepared on it is counted; background jobs on other
 * threads are not.
 */
@SpringBootTest(
        classes = {GatewayApplication.class, PaidRequestRoundTripsEndToEndTest.Counting.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(ProxyFixture.class)
class PaidRequestRoundTripsEndToEndTest {

    /**
     * Reserve (read the key, hold on it and store the reservation: one statement), settle (charge the key, finish the
     * reservation and book the charge: one statement).
     */
    static final int STATEMENTS = 2;

    static final FakeOpenAiServer upstream = FakeOpenAiServer.start().btcUsd(ProxyTestSupport.BTC_USD);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ProxyTestSupport.properties(registry, upstream);
    }

    @AfterAll
    static void stop() {
        upstream.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    ProxyFixture proxy;

    private final HttpClient http = HttpClient.newHttpClient();
    private FundedKey key;

    @BeforeEach
    void oneProviderAndAFundedKey() {
        proxy.servedOnlyBy(upstream);
        key = proxy.fundedKey(10_000_000);
    }

    @Test
    void aBilledCompletionPaidByAKnownKeyWithoutLimitsTakesTwoConnectionsFromThePool() throws Exception {
        // The first request authenticates the key; from the second on, its id is known by its hash.
        assertThat(chat().statusCode()).isEqualTo(200);
        Counting.reset();

        HttpResponse<String> response = chat();

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Routstr-Cost-Msats")).isPresent();
        // Admit and reserve, then settle: a key without rate limits books none.
        assertThat(Counting.connections.get())
                .as("connections taken (%d statements)", Counting.statements.get())
                .isLessThanOrEqualTo(2);
        // Each statement an ORM adds around them (a read before an insert, a read after an update) is one more trip.
        assertThat(Counting.statements.get()).as("statements prepared").isLessThanOrEqualTo(STATEMENTS);
        assertThat(proxy.ledgerHolds()).isTrue();
    }

    @Test
    void theKeysHoldAndItsSettlementEachCommitOnTheirOwn_neverHoldingTheKeysRowAcrossARoundTripToTheNode()
            throws Exception {
        assertThat(chat().statusCode()).isEqualTo(200);
        Counting.reset();

        HttpResponse<String> response = chat();

        assertThat(response.statusCode()).isEqualTo(200);
        // An explicit transaction keeps the key's row locked until the node sends its COMMIT: with many requests on
        // one key and the node's threads queued for a core, every request on the key waited behind those trips.
        assertThat(Counting.commits.get()).as("explicit commits").isZero();
        assertThat(Counting.statements.get()).as("statements prepared").isLessThanOrEqualTo(STATEMENTS);
        assertThat(proxy.ledgerHolds()).isTrue();
    }

    private HttpResponse<String> chat() throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/chat/completions"))
                        .header("Authorization", "Bearer " + key.bearer())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Counts the database work done on threads serving a proxied request. */
    @TestConfiguration
    static class Counting {

        static final AtomicInteger connections = new AtomicInteger();
        static final AtomicInteger statements = new AtomicInteger();
        static final AtomicInteger commits = new AtomicInteger();
        private static final ThreadLocal<Boolean> serving = ThreadLocal.withInitial(() -> false);

        static void reset() {
            connections.set(0);
            statements.set(0);
            commits.set(0);
        }

        @Bean
        FilterRegistrationBean<Filter> countingWhileServing() {
            FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>((request, response, chain) -> {
                serving.set(true);
                try {
                    chain.doFilter(request, response);
                } finally {
                    serving.set(false);
                }
            });
            registration.addUrlPatterns("/v1/chat/completions");
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
            return registration;
        }

        @Bean
        static BeanPostProcessor countingDataSource() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    if (bean instanceof DataSource dataSource) {
                        return Proxy.newProxyInstance(
                                DataSource.class.getClassLoader(),
                                new Class<?>[] {DataSource.class},
                                counting(dataSource, "getConnection", connections, true));
                    }
                    return bean;
                }
            };
        }

        private static InvocationHandler counting(
                Object target, String counted, AtomicInteger counter, boolean wrapConnections) {
            return (proxy, method, args) -> {
                Object result = invoke(target, method, args);
                if (serving.get() && method.getName().equals(counted)) {
                    counter.incrementAndGet();
                }
                if (wrapConnections && result instanceof Connection connection) {
                    return Proxy.newProxyInstance(
                            Connection.class.getClassLoader(),
                            new Class<?>[] {Connection.class},
                            countingStatements(connection));
                }
                return result;
            };
        }

        private static InvocationHandler countingStatements(Connection connection) {
            return (proxy, method, args) -> {
                Object result = invoke(connection, method, args);
                if (serving.get()
                        && (method.getName().equals("prepareStatement")
                                || method.getName().equals("createStatement"))) {
                    statements.incrementAndGet();
                }
                if (serving.get() && method.getName().equals("commit")) {
                    commits.incrementAndGet();
                }
                return result;
            };
        }

        private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }
}
