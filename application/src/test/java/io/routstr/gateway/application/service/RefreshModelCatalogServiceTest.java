package io.routstr.gateway.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.routstr.gateway.application.fake.FakeModelCatalogues;
import io.routstr.gateway.application.fake.FakeProviderModels;
import io.routstr.gateway.application.fake.InMemoryPriceOverrides;
import io.routstr.gateway.application.fake.InMemoryProviders;
import io.routstr.gateway.application.port.out.ProviderModelsPort;
import io.routstr.gateway.application.port.out.admin.ProviderEditPort.ProviderChange;
import io.routstr.gateway.domain.pricing.ModelPrice;
import io.routstr.gateway.domain.pricing.PricingPolicy;
import io.routstr.gateway.domain.pricing.ProviderFee;
import io.routstr.gateway.domain.provider.CatalogModel;
import io.routstr.gateway.domain.provider.ModelDescription;
import io.routstr.gateway.domain.provider.ModelRoute;
import io.routstr.gateway.domain.provider.PriceOverride;
import io.routstr.gateway.domain.provider.PriceSource;
import io.routstr.gateway.domain.provider.ProviderId;
import io.routstr.gateway.domain.provider.ProviderType;
import io.routstr.gateway.domain.provider.UpstreamProvider;
import io.routstr.gateway.domain.proxy.ModelId;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The catalogue's routes (Routstr §7.2): what providers list, named and priced by the catalogues, ranked. */
class RefreshModelCatalogServiceTest {

    private static final CatalogModel MINI = model("openai/gpt-4o-mini", "0.00000015", "0.0000006");
    private static final CatalogModel FOUR_O = model("openai/gpt-4o", "0.0000025", "0.00001");

    private final UpstreamProvider dear = provider("dear", "https://dear.example/v1", "1.5");
    private final UpstreamProvider cheap = provider("cheap", "https://cheap.example/v1", "1.0");
    private final FakeProviderModels listed = new FakeProviderModels()
            .lists(cheap, "gpt-4o-mini", "unknown-model")
            .lists(dear, "openai/gpt-4o-mini", "openai/gpt-4o");
    private final FakeModelCatalogues catalogues = new FakeModelCatalogues(List.of(MINI, FOUR_O));
    private final InMemoryPriceOverrides overrides = new InMemoryPriceOverrides();

    private static CatalogModel model(String id, String prompt, String completion) {
        return new CatalogModel(
                id,
                new ModelDescription(id, "", 0, id, "text->text", List.of("text"), List.of("text"), "GPT", false),
                ModelPrice.builder()
                        .prompt(new BigDecimal(prompt))
                        .completion(new BigDecimal(completion))
                        .build());
    }

    private static UpstreamProvider provider(String id, String baseUrl, String fee) {
        return new UpstreamProvider(
                new ProviderId(id),
                ProviderType.GENERIC,
                baseUrl,
                Optional.empty(),
                ProviderFee.of(fee),
                true,
                Optional.empty());
    }

    private FindModelRoutesService refreshed(PricingPolicy pricing, UpstreamProvider... providers) {
        FindModelRoutesService routes = new FindModelRoutesService(pricing);
        new RefreshModelCatalogService(InMemoryProviders.of(providers), overrides, listed, catalogues, routes)
                .refresh();
        return routes;
    }

    private FindModelRoutesService refreshed() {
        return refreshed(PricingPolicy.DEFAULT, dear, cheap);
    }

    @Test
    void aModelIsFoundByAnyAliasInAnyCase_cheapestProviderFirst_withItsFeeInThePrice() {
        FindModelRoutesService catalog = refreshed();

        for (String alias : List.of("openai/gpt-4o-mini", "GPT-4o-Mini", "gpt-4o-mini-20250101")) {
            assertThat(catalog.candidates(ModelId.of(alias)))
                    .as(alias)
                    .extracting(r -> r.provider().id().value())
                    .containsExactly("cheap", "dear");
        }
        List<ModelRoute> routes = catalog.candidates(ModelId.of("gpt-4o-mini"));
        assertThat(routes.get(1).price().prompt())
                .isEqualByComparingTo(new BigDecimal("0.00000015").multiply(new BigDecimal("1.5")));
        assertThat(routes.getFirst().upstreamModelId()).isEqualTo("gpt-4o-mini");
        assertThat(routes.get(1).upstreamModelId()).isEqualTo("openai/gpt-4o-mini");
        assertThat(catalog.aliases(routes.getFirst())).contains(ModelId.of("gpt-4o-mini"));
    }

    @Test
    void atTheSamePrice_openRouterRanksBehindADirectProvider() {
        UpstreamProvider openRouter = provider("openrouter", "https://openrouter.ai/api/v1", "1.0");
        listed.lists(openRouter, "openai/gpt-4o-mini");

        FindModelRoutesService catalog = refreshed(PricingPolicy.DEFAULT, openRouter, cheap);

        assertThat(catalog.candidates(ModelId.of("openai/gpt-4o-mini")))
                .extracting(r -> r.provider().id().value())
                .containsExactly("cheap", "openrouter");
    }

    @Test
    void anOverrideReplacesTheCataloguePriceAtEveryProvider_aDisabledOneHidesTheModel() {
        overrides.save(override("openai/gpt-4o-mini", "0.000001", "0.000002", true));
        overrides.save(override("openai/gpt-4o", "1", "1", false));

        FindModelRoutesService catalog = refreshed();

        assertThat(catalog.candidates(ModelId.of("gpt-4o-mini")))
                .extracting(r -> r.price().prompt())
                .usingElementComparator(BigDecimal::compareTo)
                .containsExactly(new BigDecimal("0.000001"), new BigDecimal("0.0000015"));
        assertThat(catalog.candidates(ModelId.of("openai/gpt-4o"))).isEmpty();
    }

    @Test
    void aModelNoCatalogueKnowsIsListedUnpriced_butNotRoutableWithoutFixedPricing_andEachModelIsAdvertisedOnce() {
        FindModelRoutesService catalog = refreshed();

        assertThat(catalog.candidates(ModelId.of("unknown-model"))).isEmpty();
        assertThat(catalog.advertised())
                .extracting(r -> r.modelId().value(), ModelRoute::priceSource)
                .containsExactlyInAnyOrder(
                        tuple("openai/gpt-4o-mini", PriceSource.MODELS_FILE),
                        tuple("openai/gpt-4o", PriceSource.MODELS_FILE),
                        tuple("unknown-model", PriceSource.NONE));
    }

    @Test
    void underFixedPricing_aModelNoCatalogueKnowsIsRoutable_withNoPriceOfItsOwn() {
        FindModelRoutesService catalog =
                refreshed(PricingPolicy.fixed(5, BigDecimal.ZERO, BigDecimal.ZERO), dear, cheap);

        assertThat(catalog.candidates(ModelId.of("Unknown-Model")))
                .singleElement()
                .satisfies(route -> {
                    assertThat(route.provider().id().value()).isEqualTo("cheap");
                    assertThat(route.upstreamModelId()).isEqualTo("unknown-model");
                    assertThat(route.priced()).isFalse();
                });
    }

    @Test
    void theLiveCatalogueComesBeforeTheModelsFile_andItsLastAnswerOutlivesAnOutage() {
        catalogues.live(List.of(model("openai/gpt-4o-mini", "0.000001", "0.000002")));
        FindModelRoutesService routes = new FindModelRoutesService(PricingPolicy.DEFAULT);
        RefreshModelCatalogService refresh = new RefreshModelCatalogService(
                InMemoryProviders.of(cheap, dear), overrides, listed, catalogues, routes);
        refresh.refresh();

        ModelRoute mini = routes.candidates(ModelId.of("gpt-4o-mini")).getFirst();
        assertThat(mini.priceSource()).isEqualTo(PriceSource.OPENROUTER);
        assertThat(mini.price().prompt()).isEqualByComparingTo("0.000001");
        assertThat(routes.candidates(ModelId.of("openai/gpt-4o")).getFirst().priceSource())
                .isEqualTo(PriceSource.MODELS_FILE);

        catalogues.liveDown();
        listed.down(cheap);
        int models = refresh.refresh();

        assertThat(routes.candidates(ModelId.of("gpt-4o-mini")).getFirst().priceSource())
                .isEqualTo(PriceSource.OPENROUTER);
        assertThat(routes.candidates(ModelId.of("gpt-4o-mini")).getFirst().provider())
                .isEqualTo(cheap);
        assertThat(models).isEqualTo(3);
    }

    @Test
    void anOverridePricesAModelNoCatalogueKnows() {
        overrides.save(override("unknown-model", "0.000003", "0.000004", true));

        FindModelRoutesService catalog = refreshed();

        assertThat(catalog.candidates(ModelId.of("unknown-model")))
                .singleElement()
                .satisfies(route -> {
                    assertThat(route.priceSource()).isEqualTo(PriceSource.OVERRIDE);
                    assertThat(route.price().completion()).isEqualByComparingTo("0.000004");
                });
    }

    @Test
    void aDisabledProviderIsNotAsked_andAnAzureProviderServesTheModelsFileUnderItsDeploymentNames() {
        UpstreamProvider off = new UpstreamProvider(
                new ProviderId("off"),
                ProviderType.GENERIC,
                "https://off.example/v1",
                Optional.empty(),
                ProviderFee.of("1.0"),
                false,
                Optional.empty());
        UpstreamProvider azure = new UpstreamProvider(
                new ProviderId("azure"),
                ProviderType.AZURE,
                "https://azure.example/openai",
                Optional.empty(),
                ProviderFee.of("1.0"),
                true,
                Optional.of("2024-10-21"));
        listed.lists(off, "openai/gpt-4o");

        FindModelRoutesService catalog = refreshed(PricingPolicy.DEFAULT, off, azure);

        assertThat(catalog.advertised())
                .extracting(
                        r -> r.modelId().value(),
                        ModelRoute::upstreamModelId,
                        r -> r.provider().id().value())
                .containsExactlyInAnyOrder(
                        tuple("openai/gpt-4o-mini", "gpt-4o-mini", "azure"), tuple("openai/gpt-4o", "gpt-4o", "azure"));
    }

    /**
     * The scheduled refresh and the operator's (a provider added or enabled) can overlap: the one that read the
     * providers last must be the one whose routes stay, or the operator's change is undone until the next scheduled
     * refresh (six minutes by default).
     */
    @Test
    void aRefreshThatReadTheProvidersBeforeAnOperatorsChange_neverReplacesTheRoutesOfOneThatReadThemAfter()
            throws Exception {
        InMemoryProviders store = InMemoryProviders.of(dear, cheap);
        store.update(cheap.id(), enabled(false));
        CountDownLatch firstListingStarted = new CountDownLatch(1);
        CountDownLatch firstListingMayAnswer = new CountDownLatch(1);
        AtomicBoolean first = new AtomicBoolean(true);
        ProviderModelsPort slowFirstListing = provider -> {
            if (first.compareAndSet(true, false)) {
                firstListingStarted.countDown();
                awaitQuietly(firstListingMayAnswer);
            }
            return listed.listModels(provider);
        };
        FindModelRoutesService routes = new FindModelRoutesService(PricingPolicy.DEFAULT);
        RefreshModelCatalogService service =
                new RefreshModelCatalogService(store, overrides, slowFirstListing, catalogues, routes);

        Thread scheduled = Thread.ofPlatform().start(service::refresh);
        awaitQuietly(firstListingStarted);
        store.update(cheap.id(), enabled(true));
        Thread operators = Thread.ofPlatform().start(service::refresh);
        // The operator's refresh either finished or waits for the scheduled one; only then may the latter go on.
        while (operators.isAlive()
                && operators.getState() != Thread.State.WAITING
                && operators.getState() != Thread.State.BLOCKED) {
            Thread.onSpinWait();
        }
        firstListingMayAnswer.countDown();
        scheduled.join();
        operators.join();

        assertThat(routes.candidates(ModelId.of("gpt-4o-mini")))
                .extracting(r -> r.provider().id().value())
                .containsExactly("cheap", "dear");
    }

    private static ProviderChange enabled(boolean enabled) {
        return new ProviderChange(
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(enabled), Optional.empty());
    }

    /** A bounded wait, so that a broken test ends rather than hangs; what it waits for comes at once. */
    private static void awaitQuietly(CountDownLatch latch) {
        try {
            assertThat(latch.await(30, TimeUnit.SECONDS)).as("latch released").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void beforeTheFirstRefresh_noModelIsRoutable() {
        assertThat(new FindModelRoutesService(PricingPolicy.DEFAULT).candidates(ModelId.of("gpt-4o-mini")))
                .isEmpty();
    }

    private static PriceOverride override(String model, String prompt, String completion, boolean enabled) {
        return new PriceOverride(
                model,
                new BigDecimal(prompt),
                new BigDecimal(completion),
                BigDecimal.ZERO,
                Optional.empty(),
                Optional.empty(),
                enabled);
    }
}
