package io.routstr.gateway.bootstrap.admin;

import io.routstr.gateway.application.fake.FakeMintQuotes;
import io.routstr.gateway.application.fake.FakePayouts;
import io.routstr.gateway.application.fake.FakeTokenWallet;
import io.routstr.gateway.application.service.Payouts;
import io.routstr.gateway.bootstrap.GatewayApplication;
import io.routstr.gateway.bootstrap.SharedFakes;
import io.routstr.gateway.persistence.PersistenceTestApplication;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfiguration;

/**
 * One running node shared by every end-to-end test class that carries this annotation and nothing else that configures
 * the context: its ecash is a {@link FakeTokenWallet} (tokens the test issues with {@code wallet.issue(sats)}, at
 * {@link FakeTokenWallet#MINT}), with fake mint quotes and payouts; the admin password is {@link
 * AdminTestSupport#PASSWORD}, a child key costs 1,000 msats, and the BTC/USD rate comes from {@link
 * SharedFakes#prices()} (1 BTC = 1000 USD). Autowire {@code FakeTokenWallet wallet} to issue tokens.
 *
 * <p>The wallet fake is shared too: a test issues its own tokens and asserts on what they did, never on how many calls
 * the wallet had or what it holds in all. The stored admin password may have been changed by another class's test:
 * {@link AdminTestSupport#knownPassword} sets it back before a test logs in.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(
        classes = {GatewayApplication.class, NodeOnFakeWallet.Fakes.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ADMIN_PASSWORD=" + AdminTestSupport.PASSWORD, "CHILD_KEY_COST=1000"})
@ContextConfiguration(initializers = NodeOnFakeWallet.Settings.class)
public @interface NodeOnFakeWallet {

    /** The node's wallet, mint quotes and payouts, as fakes. */
    @TestConfiguration
    class Fakes {
        @Bean
        @Primary
        FakeTokenWallet fakeTokenWallet() {
            return new FakeTokenWallet();
        }

        @Bean
        @Primary
        FakeMintQuotes fakeMintQuotes() {
            return new FakeMintQuotes();
        }

        @Bean
        @Primary
        Payouts payouts() {
            return new FakePayouts();
        }
    }

    /** The test database and the shared price source (their addresses are known only once they run). */
    final class Settings implements ApplicationContextInitializer<ConfigurableApplicationContext> {

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            Map<String, Object> settings = new LinkedHashMap<>();
            PersistenceTestApplication.registerDatabase((name, value) -> settings.put(name, value.get()));
            String prices = SharedFakes.prices().root();
            settings.put("BTC_USD_KRAKEN_URL", prices + "/kraken");
            settings.put("BTC_USD_COINBASE_URL", prices + "/coinbase");
            settings.put("BTC_USD_BINANCE_URL", prices + "/binance");
            context.getEnvironment()
                    .getPropertySources()
                    .addFirst(new MapPropertySource(NodeOnFakeWallet.class.getSimpleName(), settings));
        }
    }
}
