package io.routstr.gateway.upstream.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.routstr.gateway.application.port.out.PriceOverridePort;
import io.routstr.gateway.application.port.out.ProviderStorePort;
import io.routstr.gateway.domain.pricing.PricingPolicy;
import io.routstr.gateway.domain.pricing.ProviderFee;
import io.routstr.gateway.domain.provider.ModelRoute;
import io.routstr.gateway.domain.provider.PriceOverride;
import io.routstr.gateway.domain.provider.PriceSource;
import io.routstr.gateway.domain.provider.ProviderId;
import io.routstr.gateway.domain.provider.ProviderType;
import io.routstr.gateway.domain.provider.UpstreamProvider;
import io.routstr.gateway.upstream.fake.FakeOpenAiServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ModelCatalogAdapterTest {

    private final FakeOpenAiServer cheap = FakeOpenAiServer.start().models("gpt-4o-mini", "unknown-model");
    private final FakeOpenAiServer dear = FakeOpenAiServer.start().models("openai/gpt-4o-mini", "openai/gpt-4o");

    @AfterEach
    void stop() {
        cheap.close();
        dear.close();
    }

    private static UpstreamProvider provider(String id, FakeOpenAiServer server, String fee) {
        return new UpstreamProvider(
                new ProviderId(id),
                ProviderType.GENERIC,
                server.baseUrl(),
                Optional.empty(),
                ProviderFee.of(fee),
                true,
                Optional.empty());
    }

    private final List<PriceOverride> overrides = new java.util.ArrayList<>();

    private ModelCatalogAdapter catalog() throws IOException {
        return catalog(Optional.empty(), PricingPolicy.DEFAULT);
    }

    private ModelCatalogAdapter catalog(Optional<URI> live, PricingPolicy pricing) throws IOException {
        List<UpstreamProvider> providers = List.of(provider("dear", dear, "1.5"), provider("cheap", cheap, "1.0"));
        ProviderStorePort store = new ProviderStorePort() {
            @Override
            public List<UpstreamProvider> findAll() {
                return providers;
            }

            @Override
            public int seedIfEmpty(List<NewProvider> seeds) {
                return 0;
            }

            @Override
            public UpstreamProvider add(NewProvider provider) {
                throw new UnsupportedOperationException();
            }
        };
        try (InputStream json = ModelCatalogAdapter.class.getResourceAsStream("/models.json")) {
            PriceOverridePort overridePort = new PriceOverridePort() {
                @Override
                public List<PriceOverride> findAll() {
                    return overrides;
                }

                @Override
                public void save(PriceOverride override) {
                    overrides.add(override);
                }
            };
            ModelCatalogAdapter catalog = new ModelCatalogAdapter(
                    store,
                    overridePort,
                    ModelCatalogAdapter.readCatalogue(json, new ObjectMapper()),
                    live,
                    pricing,
                    new ObjectMapper(),
                    Duration.ofSeconds(2));
            catalog.refresh();
            return catalog;
        }
    }

    @Test
    void aModelIsFoundByAnyAliasInAnyCase_cheapestProviderFirst_withItsFeeInThePrice() throws IOException {
        ModelCatalogAdapter catalog = catalog();

        for (String alias : List.of("openai/gpt-4o-mini", "GPT-4o-Mini", "gpt-4o-mini-20250101")) {
            List<ModelRoute> routes = catalog.candidates(alias);
            assertThat(routes)
                    .as(alias)
                    .extracting(r -> r.provider().id().value())
                    .containsExactly("cheap", "dear");
        }
        List<ModelRoute> routes = catalog.candidates("gpt-4o-mini");
        assertThat(routes.get(1).price().prompt())
                .isEqualByComparingTo(new BigDecimal("0.00000015").multiply(new BigDecimal("1.5")));
        assertThat(routes.getFirst().upstreamModelId()).isEqualTo("gpt-4o-mini");
        assertThat(routes.get(1).upstreamModelId()).isEqualTo("openai/gpt-4o-mini");
    }

    @Test
    void anOverrideReplacesTheCataloguePriceAtEveryProvider_aDisabledOneHidesTheModel() throws IOException {
        overrides.add(new PriceOverride(
                "openai/gpt-4o-mini",
                new BigDecimal("0.000001"),
                new BigDecimal("0.000002"),
                BigDecimal.ZERO,
                Optional.empty(),
                Optional.empty(),
                true));
        overrides.add(new PriceOverride(
                "openai/gpt-4o",
                BigDecimal.ONE,
                BigDecimal.ONE,
                BigDecimal.ZERO,
                Optional.empty(),
                Optional.empty(),
                false));

        ModelCatalogAdapter catalog = catalog();

        assertThat(catalog.candidates("gpt-4o-mini"))
                .extracting(r -> r.price().prompt())
                .usingElementComparator(BigDecimal::compareTo)
                .containsExactly(new BigDecimal("0.000001"), new BigDecimal("0.0000015"));
        assertThat(catalog.candidates("openai/gpt-4o")).isEmpty();
    }

    @Test
    void aModelNoCatalogueKnowsIsListedUnpriced_butNotRoutableWithoutFixedPricing_andEachModelIsAdvertisedOnce()
            throws IOException {
        ModelCatalogAdapter catalog = catalog();

        assertThat(catalog.candidates("unknown-model")).isEmpty();
        assertThat(catalog.advertised())
                .extracting(ModelRoute::modelId, ModelRoute::priceSource)
                .containsExactlyInAnyOrder(
                        tuple("openai/gpt-4o-mini", PriceSource.MODELS_FILE),
                        tuple("openai/gpt-4o", PriceSource.MODELS_FILE),
                        tuple("unknown-model", PriceSource.NONE));
    }

    @Test
    void underFixedPricing_aModelNoCatalogueKnowsIsRoutable_withNoPriceOfItsOwn() throws IOException {
        ModelCatalogAdapter catalog =
                catalog(Optional.empty(), PricingPolicy.fixed(5, BigDecimal.ZERO, BigDecimal.ZERO));

        List<ModelRoute> routes = catalog.candidates("Unknown-Model");

        assertThat(routes).singleElement().satisfies(route -> {
            assertThat(route.provider().id().value()).isEqualTo("cheap");
            assertThat(route.upstreamModelId()).isEqualTo("unknown-model");
            assertThat(route.priced()).isFalse();
        });
    }

    @Test
    void theLiveCatalogueComesBeforeTheModelsFile_andItsLastAnswerOutlivesAnOutage() throws IOException {
        cheap.openRouterCatalogue(Map.of(
                "data",
                List.of(Map.of(
                        "id",
                        "openai/gpt-4o-mini",
                        "pricing",
                        Map.of("prompt", "0.000001", "completion", "0.000002")))));
        ModelCatalogAdapter catalog =
                catalog(Optional.of(URI.create(cheap.openRouterCatalogueUrl())), PricingPolicy.DEFAULT);

        ModelRoute mini = catalog.candidates("gpt-4o-mini").getFirst();
        assertThat(mini.priceSource()).isEqualTo(PriceSource.OPENROUTER);
        assertThat(mini.price().prompt()).isEqualByComparingTo("0.000001");
        assertThat(catalog.candidates("openai/gpt-4o").getFirst().priceSource()).isEqualTo(PriceSource.MODELS_FILE);

        cheap.openRouterCatalogue(null);
        catalog.refresh();

        assertThat(catalog.candidates("gpt-4o-mini").getFirst().priceSource()).isEqualTo(PriceSource.OPENROUTER);
    }

    @Test
    void anOverridePricesAModelNoCatalogueKnows() throws IOException {
        overrides.add(new PriceOverride(
                "unknown-model",
                new BigDecimal("0.000003"),
                new BigDecimal("0.000004"),
                BigDecimal.ZERO,
                Optional.empty(),
                Optional.empty(),
                true));

        ModelCatalogAdapter catalog = catalog();

        assertThat(catalog.candidates("unknown-model")).singleElement().satisfies(route -> {
            assertThat(route.priceSource()).isEqualTo(PriceSource.OVERRIDE);
            assertThat(route.price().completion()).isEqualByComparingTo("0.000004");
        });
    }

    @Test
    void aModelsFileIsReadInRoutstrsShapeAndInOpenRoutersShape() throws IOException {
        String model =
                "{\"id\":\"vendor/some-model\",\"pricing\":{\"prompt\":\"0.000001\",\"completion\":\"0.000002\"}}";

        for (String file : List.of("{\"models\":[" + model + "]}", "{\"data\":[" + model + "]}")) {
            List<CatalogEntry> entries = ModelCatalogAdapter.readCatalogue(
                    new ByteArrayInputStream(file.getBytes(StandardCharsets.UTF_8)), new ObjectMapper());

            assertThat(entries).as(file).singleElement().satisfies(entry -> {
                assertThat(entry.id()).isEqualTo("vendor/some-model");
                assertThat(entry.price().completion()).isEqualByComparingTo("0.000002");
            });
        }
    }

    @Test
    void aModelsFileThatPricesNothingIsRefused() {
        for (String file :
                List.of("{\"models\":[]}", "{\"data\":[{\"name\":\"no id\"}]}", "{\"other\":[]}", "", "[1,")) {
            assertThatThrownBy(() -> ModelCatalogAdapter.readCatalogue(
                            new ByteArrayInputStream(file.getBytes(StandardCharsets.UTF_8)), new ObjectMapper()))
                    .as(file)
                    .isInstanceOf(IOException.class);
        }
    }
}
