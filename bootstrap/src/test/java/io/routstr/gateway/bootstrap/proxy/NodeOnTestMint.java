package io.routstr.gateway.bootstrap.proxy;

import io.routstr.gateway.bootstrap.GatewayApplication;
import io.routstr.gateway.bootstrap.SharedFakes;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfiguration;

/**
 * One running node shared by every end-to-end test class that carries this annotation and nothing else that configures
 * the context (no {@code @DynamicPropertySource}, {@code @Import}, {@code @TestPropertySource}, properties or classes of
 * its own): Spring's test context cache starts it once for all of them. It has the node's defaults, with
 *
 * <ul>
 *   <li>the shared test database, its BTC/USD rate from {@link SharedFakes#prices()} (1 BTC = 1000 USD);
 *   <li>{@link SharedFakes#mint()} as its only trusted and primary mint; foreign mints refused ({@code
 *       FOREIGN_MINT_POLICY} at its default), though they may be on loopback ({@code FOREIGN_MINT_ALLOW_PRIVATE}), so
 *       that a refusal is the policy's;
 *   <li>the short upstream timeouts of {@link ProxyTestSupport#properties} and a circuit breaker that never opens;
 *   <li>metrics exported as in production (the Prometheus scrape);
 *   <li>a {@link ProxyFixture} to autowire.
 * </ul>
 *
 * <p>Tests on it start their own fake upstreams and make them the node's only provider before each test ({@link
 * ProxyFixture#servedOnlyBy}); they pay with fresh keys ({@link ProxyFixture#fundedKey}) or fresh ecash, and assert on
 * those, never on totals another class could have moved. A test that needs another setting, bean or mint declares its
 * own configuration, and so its own context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@AutoConfigureObservability(tracing = false)
@SpringBootTest(
        classes = {GatewayApplication.class, ProxyFixture.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = NodeOnTestMint.Settings.class)
public @interface NodeOnTestMint {

    /** The node's settings that name the shared fakes (their ports are known only once they run). */
    final class Settings implements ApplicationContextInitializer<ConfigurableApplicationContext> {

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            Map<String, Object> settings = new LinkedHashMap<>();
            ProxyTestSupport.properties((name, value) -> settings.put(name, value.get()), SharedFakes.prices());
            settings.put("CASHU_MINTS", SharedFakes.mint().url());
            settings.put("PRIMARY_MINT_URL", SharedFakes.mint().url());
            settings.put("FOREIGN_MINT_ALLOW_PRIVATE", "true");
            context.getEnvironment()
                    .getPropertySources()
                    .addFirst(new MapPropertySource(NodeOnTestMint.class.getSimpleName(), settings));
        }
    }
}
