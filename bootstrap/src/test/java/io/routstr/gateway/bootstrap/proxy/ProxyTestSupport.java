package io.routstr.gateway.bootstrap.proxy;

import static io.routstr.gateway.domain.key.ApiKeyBuilder.TEST_MINT_SATS;

import io.routstr.gateway.application.port.in.key.FundApiKeyCommand;
import io.routstr.gateway.application.port.in.key.FundApiKeyUseCase;
import io.routstr.gateway.application.port.out.ProviderStorePort;
import io.routstr.gateway.application.port.out.ProviderStorePort.NewProvider;
import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.key.ApiKeySecret;
import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.domain.pricing.ProviderFee;
import io.routstr.gateway.domain.provider.ProviderSecret;
import io.routstr.gateway.domain.provider.ProviderType;
import io.routstr.gateway.persistence.PersistenceTestApplication;
import io.routstr.gateway.upstream.fake.FakeOpenAiServer;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;

/** Shared set-up of the proxy's end-to-end tests: a node wired to fake upstreams, with short timeouts. */
final class ProxyTestSupport {

    /** 1 BTC = 1000 USD, so that 1 USD = 10^8 msats: the fake's small token counts cost whole msats. */
    static final String BTC_USD = "1000";

    private ProxyTestSupport() {}

    static void properties(DynamicPropertyRegistry registry, FakeOpenAiServer prices) {
        PersistenceTestApplication.registerDatabase(registry);
        registry.add("BTC_USD_KRAKEN_URL", () -> prices.root() + "/kraken");
        registry.add("BTC_USD_COINBASE_URL", () -> prices.root() + "/coinbase");
        registry.add("BTC_USD_BINANCE_URL", () -> prices.root() + "/binance");
        registry.add("UPSTREAM_CONNECT_TIMEOUT", () -> "500ms");
        registry.add("UPSTREAM_FIRST_BYTE_TIMEOUT", () -> "1s");
        registry.add("UPSTREAM_IDLE_TIMEOUT", () -> "1s");
        registry.add("UPSTREAM_CIRCUIT_MINIMUM_CALLS", () -> "100000");
        registry.add("UPSTREAM_CIRCUIT_WINDOW", () -> "100000");
        registry.add("DISCONNECT_DRAIN_WINDOW", () -> "300ms");
    }

    /** Replaces every provider by one served by {@code server} at {@code fee}. */
    static void onlyProvider(JdbcTemplate jdbc, ProviderStorePort providers, FakeOpenAiServer server, String fee) {
        jdbc.update("DELETE FROM upstream_providers");
        addProvider(providers, server, fee);
    }

    static void addProvider(ProviderStorePort providers, FakeOpenAiServer server, String fee) {
        providers.add(new NewProvider(
                ProviderType.GENERIC,
                server.baseUrl(),
                Optional.of(ProviderSecret.of("sk-upstream-" + server.root().hashCode())),
                ProviderFee.of(fee),
                true,
                Optional.empty()));
    }

    /** A new key holding {@code msats}, funded through the ledger. */
    static FundedKey fundedKey(FundApiKeyUseCase fund, long msats) {
        ApiKeySecret secret = ApiKeySecret.generate();
        ApiKey key = fund.fund(FundApiKeyCommand.deposit(
                        secret.hash(), Msats.of(msats), TEST_MINT_SATS, "test-" + UUID.randomUUID()))
                .key();
        return new FundedKey(secret, key);
    }

    record FundedKey(ApiKeySecret secret, ApiKey key) {
        String bearer() {
            return secret.reveal();
        }
    }

    static long balance(JdbcTemplate jdbc, FundedKey key) {
        Long balance = jdbc.queryForObject(
                "SELECT balance_msats FROM api_keys WHERE id = ?",
                Long.class,
                key.key().id().value());
        return balance == null ? 0 : balance;
    }

    static long activeReservations(JdbcTemplate jdbc, FundedKey key) {
        Long active = jdbc.queryForObject(
                "SELECT count(*) FROM reservations WHERE billing_key_id = ? AND state = 'ACTIVE'",
                Long.class,
                key.key().id().value());
        return active == null ? 0 : active;
    }

    /** Waits until {@code condition} holds, for work that ends after the client's response (a disconnect). */
    static void await(BooleanSupplier condition, Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + atMost);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(
                    Duration.ofMillis(20).toNanos());
        }
    }
}
