package io.routstr.gateway.application.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.port.out.ProviderStorePort;
import io.routstr.gateway.application.port.out.ProviderStorePort.NewProvider;
import io.routstr.gateway.application.port.out.admin.ProviderEditPort;
import io.routstr.gateway.application.port.out.admin.ProviderEditPort.ProviderChange;
import io.routstr.gateway.domain.pricing.ProviderFee;
import io.routstr.gateway.domain.provider.ProviderId;
import io.routstr.gateway.domain.provider.ProviderSecret;
import io.routstr.gateway.domain.provider.ProviderType;
import io.routstr.gateway.domain.provider.UpstreamProvider;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contract of {@link ProviderEditPort} (the operator's edits of a stored provider), for the fake and PostgreSQL. */
public abstract class ProviderEditContract {

    /** A store holding no provider. */
    protected abstract ProviderStorePort emptyStore();

    /** The edits of the store {@link #emptyStore()} last answered. */
    protected abstract ProviderEditPort edits();

    private ProviderStorePort store;
    private UpstreamProvider stored;

    @BeforeEach
    void oneProviderStored() {
        store = emptyStore();
        stored = store.add(new NewProvider(
                ProviderType.AZURE,
                "https://azure.example/openai",
                Optional.of(ProviderSecret.of("sk-first-provider-key")),
                ProviderFee.of("1.05"),
                true,
                Optional.of("2024-10-21")));
    }

    private static ProviderChange nothing() {
        return new ProviderChange(
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    private UpstreamProvider readBack() {
        return store.findAll().stream()
                .filter(p -> p.id().equals(stored.id()))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void aChangeOfOneField_leavesEveryOtherAsItWas() {
        boolean found = edits().update(
                        stored.id(),
                        new ProviderChange(
                                Optional.of("https://other.example/openai"),
                                Optional.empty(),
                                Optional.empty(),
                                Optional.empty(),
                                Optional.empty()));

        assertThat(found).isTrue();
        assertThat(readBack())
                .isEqualTo(new UpstreamProvider(
                        stored.id(),
                        stored.type(),
                        "https://other.example/openai",
                        stored.apiKey(),
                        stored.fee(),
                        stored.enabled(),
                        stored.apiVersion()));
    }

    @Test
    void aRotatedKeyANewFeeAndDisabling_areReadBack() {
        edits().update(
                        stored.id(),
                        new ProviderChange(
                                Optional.empty(),
                                Optional.of(ProviderSecret.of("sk-rotated-provider-key")),
                                Optional.of(ProviderFee.of("1.2")),
                                Optional.of(false),
                                Optional.empty()));

        UpstreamProvider edited = readBack();
        assertThat(edited.apiKey()).contains(ProviderSecret.of("sk-rotated-provider-key"));
        assertThat(edited.fee().multiplier()).isEqualByComparingTo("1.2");
        assertThat(edited.enabled()).isFalse();
        assertThat(edited.baseUrl()).isEqualTo(stored.baseUrl());
        assertThat(edited.apiVersion()).isEqualTo(stored.apiVersion());
    }

    @Test
    void aBlankApiVersionClearsIt_andAVersionIsStoredWithoutSurroundingSpace() {
        edits().update(
                        stored.id(),
                        new ProviderChange(
                                Optional.empty(),
                                Optional.empty(),
                                Optional.empty(),
                                Optional.empty(),
                                Optional.of(" ")));
        assertThat(readBack().apiVersion()).isEmpty();

        edits().update(
                        stored.id(),
                        new ProviderChange(
                                Optional.empty(),
                                Optional.empty(),
                                Optional.empty(),
                                Optional.empty(),
                                Optional.of(" 2025-01-01 ")));
        assertThat(readBack().apiVersion()).contains("2025-01-01");
    }

    @Test
    void anEmptyChange_findsTheProvider_andChangesNothing() {
        assertThat(edits().update(stored.id(), nothing())).isTrue();
        assertThat(readBack()).isEqualTo(stored);
    }

    @Test
    void aProviderThatDoesNotExist_isNotFound_whateverTheChange() {
        ProviderId unknown = new ProviderId(UUID.randomUUID().toString());

        assertThat(edits().update(unknown, nothing())).isFalse();
        assertThat(edits().update(
                                unknown,
                                new ProviderChange(
                                        Optional.empty(),
                                        Optional.empty(),
                                        Optional.empty(),
                                        Optional.of(false),
                                        Optional.empty())))
                .isFalse();
        assertThat(edits().update(new ProviderId("not-a-uuid"), nothing())).isFalse();
        assertThat(readBack()).isEqualTo(stored);
    }
}
