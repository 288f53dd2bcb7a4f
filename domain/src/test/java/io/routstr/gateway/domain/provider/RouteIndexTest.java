package io.routstr.gateway.domain.provider;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.domain.pricing.ModelPrice;
import io.routstr.gateway.domain.pricing.PricingPolicy;
import io.routstr.gateway.domain.pricing.ProviderFee;
import io.routstr.gateway.domain.proxy.ModelId;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RouteIndexTest {

    private static final UpstreamProvider PROVIDER = new UpstreamProvider(
            new ProviderId("p"),
            ProviderType.GENERIC,
            "https://api.example.com/v1",
            Optional.empty(),
            ProviderFee.of("1.0"),
            true,
            Optional.empty());

    private static ModelRoute route(String modelId, String canonicalSlug) {
        ModelDescription minimal = ModelDescription.minimal(modelId);
        return new ModelRoute(
                ModelId.of(modelId),
                modelId,
                PROVIDER,
                ModelPrice.of(BigDecimal.ONE, BigDecimal.ONE),
                new ModelDescription(
                        minimal.name(),
                        minimal.description(),
                        minimal.created(),
                        canonicalSlug,
                        minimal.modality(),
                        minimal.inputModalities(),
                        minimal.outputModalities(),
                        minimal.tokenizer(),
                        minimal.moderated()));
    }

    @Test
    void aRequestedModelId_findsItsRoutesByAnyAliasInAnyCase() {
        ModelRoute route = route("openai/gpt-4o-mini", "openai/gpt-4o-mini");
        RouteIndex index = RouteIndex.of(List.of(route));

        for (String asked : List.of("openai/gpt-4o-mini", "GPT-4o-Mini", "gpt-4o-mini-20250101")) {
            assertThat(index.candidates(ModelId.of(asked), PricingPolicy.DEFAULT))
                    .as(asked)
                    .containsExactly(route);
        }
        assertThat(index.candidates(ModelId.of("unknown"), PricingPolicy.DEFAULT))
                .isEmpty();
    }

    @Test
    void aModelsAliases_areModelIdsAClientCanAskFor_withoutItsOwnIdOrABlankSlug() {
        ModelRoute route = route("openai/gpt-4o-mini", "");
        RouteIndex index = RouteIndex.of(List.of(route));

        assertThat(index.aliases(route))
                .contains(ModelId.of("gpt-4o-mini"))
                .doesNotContain(ModelId.of("openai/gpt-4o-mini"));
        for (ModelId alias : index.aliases(route)) {
            assertThat(index.candidates(alias, PricingPolicy.DEFAULT))
                    .as(alias.value())
                    .containsExactly(route);
        }
    }
}
