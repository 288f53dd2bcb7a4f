package io.routstr.gateway.rest.proxy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.routstr.gateway.application.port.in.proxy.ListModelsUseCase.ListedModel;
import io.routstr.gateway.application.port.in.proxy.ListModelsUseCase.MaxCosts;
import io.routstr.gateway.application.port.in.proxy.ListModelsUseCase.SatsPricing;
import io.routstr.gateway.domain.pricing.ModelPrice;
import io.routstr.gateway.domain.provider.ModelDescription;
import io.routstr.gateway.domain.proxy.ModelId;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.util.List;

/**
 * One model in Routstr's {@code /v1/models} shape (§2.1): prices in USD per unit with the provider fee included, the
 * same in sats (fractional), and the maximum costs a request reserves against. {@code x_routstr} is this node's
 * extension: where the price came from and, for a model listed disabled, why.
 */
@Schema(name = "Model")
@JsonInclude(JsonInclude.Include.ALWAYS)
record ModelResponse(
        String id,
        String name,
        long created,
        String description,
        @JsonProperty("context_length") Long contextLength,
        Architecture architecture,
        Pricing pricing,
        @JsonProperty("sats_pricing") Pricing satsPricing,
        @JsonProperty("per_request_limits") Object perRequestLimits,
        @JsonProperty("top_provider") TopProvider topProvider,
        boolean enabled,
        @JsonProperty("upstream_provider_id") String upstreamProviderId,
        @JsonProperty("canonical_slug") String canonicalSlug,
        @JsonProperty("alias_ids") List<String> aliasIds,
        @JsonProperty("forwarded_model_id") String forwardedModelId,
        @JsonProperty("x_routstr") Extension extension) {

    /**
     * @param priceSource {@code override}, {@code openrouter}, {@code models_file} or {@code none}
     * @param disabledReason why an {@code enabled: false} model is not served; null when it is
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Extension(
            @JsonProperty("price_source") String priceSource,
            @JsonProperty("disabled_reason") String disabledReason) {}

    record Architecture(
            String modality,
            @JsonProperty("input_modalities") List<String> inputModalities,
            @JsonProperty("output_modalities") List<String> outputModalities,
            String tokenizer,
            @JsonProperty("instruct_type") String instructType) {}

    record Pricing(
            BigDecimal prompt,
            BigDecimal completion,
            BigDecimal request,
            BigDecimal image,
            @JsonProperty("web_search") BigDecimal webSearch,
            @JsonProperty("internal_reasoning") BigDecimal internalReasoning,
            @JsonProperty("input_cache_read") BigDecimal inputCacheRead,
            @JsonProperty("input_cache_write") BigDecimal inputCacheWrite,
            @JsonProperty("max_prompt_cost") BigDecimal maxPromptCost,
            @JsonProperty("max_completion_cost") BigDecimal maxCompletionCost,
            @JsonProperty("max_cost") BigDecimal maxCost) {}

    record TopProvider(
            @JsonProperty("context_length") Long contextLength,
            @JsonProperty("max_completion_tokens") Long maxCompletionTokens,
            @JsonProperty("is_moderated") boolean moderated) {}

    static ModelResponse from(ListedModel listed) {
        ModelPrice price = listed.route().price();
        ModelDescription d = listed.route().description();
        Long context = price.limits().contextLength().isPresent()
                ? price.limits().contextLength().getAsLong()
                : null;
        Long maxCompletion = price.limits().maxCompletionTokens().isPresent()
                ? price.limits().maxCompletionTokens().getAsLong()
                : null;
        MaxCosts usdMax = listed.usdMaxCosts();
        Pricing usd = new Pricing(
                price.prompt(),
                price.completion(),
                price.request(),
                price.image(),
                price.webSearch(),
                price.internalReasoning(),
                price.cacheRead(),
                price.cacheWrite(),
                usdMax.prompt(),
                usdMax.completion(),
                usdMax.total());
        Pricing sats = listed.sats().map(ModelResponse::sats).orElse(null);
        return new ModelResponse(
                listed.route().modelId().value(),
                d.name(),
                d.created(),
                d.description(),
                context,
                new Architecture(d.modality(), d.inputModalities(), d.outputModalities(), d.tokenizer(), null),
                usd,
                sats,
                null,
                new TopProvider(context, maxCompletion, d.moderated()),
                listed.enabled(),
                listed.route().provider().type().wireName(),
                d.canonicalSlug(),
                listed.aliases().stream().map(ModelId::value).toList(),
                null,
                new Extension(
                        listed.route().priceSource().wireName(),
                        listed.disabledReason().orElse(null)));
    }

    private static Pricing sats(SatsPricing s) {
        return new Pricing(
                s.prompt(),
                s.completion(),
                s.request(),
                s.image(),
                s.webSearch(),
                s.internalReasoning(),
                s.cacheRead(),
                s.cacheWrite(),
                s.maxCosts().prompt(),
                s.maxCosts().completion(),
                s.maxCosts().total());
    }
}
