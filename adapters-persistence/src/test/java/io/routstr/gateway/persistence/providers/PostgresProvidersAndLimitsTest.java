package io.routstr.gateway.persistence.providers;

import static io.routstr.gateway.domain.key.ApiKeyBuilder.anApiKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.port.out.ApiKeyPort;
import io.routstr.gateway.application.port.out.PriceOverridePort;
import io.routstr.gateway.application.port.out.ProviderStorePort;
import io.routstr.gateway.application.port.out.ProviderStorePort.NewProvider;
import io.routstr.gateway.application.port.out.RequestLimitPort;
import io.routstr.gateway.application.port.out.RequestLimitPort.Admission;
import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.key.RateLimits;
import io.routstr.gateway.domain.pricing.ProviderFee;
import io.routstr.gateway.domain.provider.PriceOverride;
import io.routstr.gateway.domain.provider.ProviderSecret;
import io.routstr.gateway.domain.provider.ProviderType;
import io.routstr.gateway.domain.provider.UpstreamProvider;
import io.routstr.gateway.persistence.PersistenceTestApplication;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(classes = PersistenceTestApplication.class)
class PostgresProvidersAndLimitsTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        PersistenceTestApplication.registerDatabase(registry);
    }

    @Autowired
    ProviderStorePort providers;

    @Autowired
    RequestLimitPort limits;

    @Autowired
    ApiKeyPort apiKeys;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    PriceOverridePort priceOverrides;

    @Test
    void aPriceOverrideIsStoredAndReplacedPerModel() {
        PriceOverride first = new PriceOverride(
                "test/model",
                new BigDecimal("0.000001"),
                new BigDecimal("0.000002"),
                BigDecimal.ZERO,
                Optional.of(new BigDecimal("0.0000001")),
                Optional.empty(),
                true);
        priceOverrides.save(first);
        priceOverrides.save(new PriceOverride(
                "test/model",
                BigDecimal.ONE,
                BigDecimal.ONE,
                BigDecimal.ZERO,
                Optional.empty(),
                Optional.empty(),
                false));

        PriceOverride stored = priceOverrides.findAll().stream()
                .filter(o -> o.modelId().equals("test/model"))
                .findFirst()
                .orElseThrow();
        assertThat(stored.enabled()).isFalse();
        assertThat(stored.prompt()).isEqualByComparingTo("1");
        assertThat(stored.cacheRead()).isEmpty();
    }

    @Test
    void providerKeysAreStoredEncryptedAndReadBack_seedingHappensOnlyOnAnEmptyTable() {
        jdbc.update("DELETE FROM upstream_providers");
        NewProvider openAi = new NewProvider(
                ProviderType.OPENAI,
                "https://api.openai.com/v1",
                Optional.of(ProviderSecret.of("sk-very-secret-provider-key")),
                ProviderFee.of("1.05"),
                true,
                Optional.empty());

        assertThat(providers.seedIfEmpty(List.of(openAi))).isEqualTo(1);
        assertThat(providers.seedIfEmpty(List.of(openAi))).isZero();

        List<UpstreamProvider> all = providers.findAll();
        assertThat(all).hasSize(1);
        assertThat(all.getFirst().apiKey()).contains(ProviderSecret.of("sk-very-secret-provider-key"));
        assertThat(all.getFirst().fee().multiplier()).isEqualByComparingTo("1.05");
        String stored = jdbc.queryForObject("SELECT api_key_ciphertext FROM upstream_providers", String.class);
        assertThat(stored).doesNotContain("secret");
    }

    @Test
    void concurrentAdmissionsNeverExceedTheConcurrencyLimit_andFinishingFreesASlot() throws Exception {
        ApiKey key = apiKeys.createIfAbsent(anApiKey().build());
        limits.setLimits(key.id(), new RateLimits(OptionalInt.empty(), OptionalLong.empty(), OptionalInt.of(3)));
        Instant now = Instant.now();
        List<Callable<Admission>> attempts = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            attempts.add(() -> limits.admit(key.id(), RateLimits.NONE, now, Duration.ofMinutes(5)));
        }
        List<Admission> admissions = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(6)) {
            for (Future<Admission> f : pool.invokeAll(attempts)) {
                admissions.add(f.get());
            }
        }

        List<Admission.Admitted> admitted = admissions.stream()
                .filter(Admission.Admitted.class::isInstance)
                .map(Admission.Admitted.class::cast)
                .toList();
        assertThat(admitted).hasSize(3);
        limits.finish(admitted.getFirst(), 100);
        assertThat(limits.admit(key.id(), RateLimits.NONE, now, Duration.ofMinutes(5)))
                .isInstanceOf(Admission.Admitted.class);
    }

    @Test
    void requestsAndTokensPerMinuteAreCountedPerMinute() {
        ApiKey key = apiKeys.createIfAbsent(anApiKey().build());
        RateLimits defaults = new RateLimits(OptionalInt.of(2), OptionalLong.of(50), OptionalInt.empty());
        Instant minute = Instant.parse("2030-01-01T00:00:10Z");

        Admission first = limits.admit(key.id(), defaults, minute, Duration.ofMinutes(5));
        limits.finish((Admission.Admitted) first, 60);
        assertThat(limits.admit(key.id(), defaults, minute, Duration.ofMinutes(5)))
                .isInstanceOfSatisfying(
                        Admission.Limited.class,
                        l -> assertThat(l.limit()).isEqualTo(RequestLimitPort.LimitKind.TOKENS_PER_MINUTE));

        assertThat(limits.admit(key.id(), defaults, minute.plusSeconds(60), Duration.ofMinutes(5)))
                .isInstanceOf(Admission.Admitted.class);
        assertThat(limits.admit(key.id(), defaults, minute.plusSeconds(61), Duration.ofMinutes(5)))
                .isInstanceOf(Admission.Admitted.class);
        assertThat(limits.admit(key.id(), defaults, minute.plusSeconds(62), Duration.ofMinutes(5)))
                .isInstanceOfSatisfying(
                        Admission.Limited.class,
                        l -> assertThat(l.limit()).isEqualTo(RequestLimitPort.LimitKind.REQUESTS_PER_MINUTE));
    }
}
