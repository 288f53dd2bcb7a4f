package io.routstr.gateway.application.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.port.out.ProviderStorePort;
import io.routstr.gateway.application.port.out.ProviderStorePort.NewProvider;
import io.routstr.gateway.domain.pricing.ProviderFee;
import io.routstr.gateway.domain.provider.ProviderSecret;
import io.routstr.gateway.domain.provider.ProviderType;
import io.routstr.gateway.domain.provider.UpstreamProvider;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The contract of {@link ProviderStorePort}, for the in-memory fake and PostgreSQL. */
public abstract class ProviderStoreContract {

    /** A store holding no provider. */
    protected abstract ProviderStorePort emptyStore();

    private static NewProvider openAi() {
        return new NewProvider(
                ProviderType.OPENAI,
                "https://api.openai.com/v1",
                Optional.of(ProviderSecret.of("sk-very-secret-provider-key")),
                ProviderFee.of("1.05"),
                true,
                Optional.empty());
    }

    @Test
    void seedingHappensOnlyOnAnEmptyStore_andTheKeyIsReadBack() {
        ProviderStorePort providers = emptyStore();

        assertThat(providers.seedIfEmpty(List.of(openAi()))).isEqualTo(1);
        assertThat(providers.seedIfEmpty(List.of(openAi()))).isZero();

        List<UpstreamProvider> all = providers.findAll();
        assertThat(all).hasSize(1);
        assertThat(all.getFirst().apiKey()).contains(ProviderSecret.of("sk-very-secret-provider-key"));
        assertThat(all.getFirst().fee().multiplier()).isEqualByComparingTo("1.05");
        assertThat(all.getFirst().type()).isEqualTo(ProviderType.OPENAI);
    }

    @Test
    void addedProvidersAreListedInTheOrderTheyWereAdded_eachWithItsOwnId() {
        ProviderStorePort providers = emptyStore();
        UpstreamProvider first = providers.add(openAi());
        UpstreamProvider second = providers.add(new NewProvider(
                ProviderType.AZURE,
                "https://azure.example/openai",
                Optional.empty(),
                ProviderFee.of("1.0"),
                false,
                Optional.of("2024-10-21")));

        assertThat(providers.findAll()).containsExactly(first, second);
        assertThat(first.id()).isNotEqualTo(second.id());
        assertThat(providers.findAll().get(1).apiVersion()).contains("2024-10-21");
        assertThat(providers.findAll().get(1).enabled()).isFalse();
    }
}
