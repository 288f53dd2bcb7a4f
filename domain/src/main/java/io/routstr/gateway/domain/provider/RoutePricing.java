package io.routstr.gateway.domain.provider;

import io.routstr.gateway.domain.pricing.ModelPrice;
import io.routstr.gateway.domain.proxy.ModelId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How a model a provider lists is named and priced (Routstr §7.2): from the operator's override, else the live
 * OpenRouter catalogue, else the models file, with the provider's fee applied. A model no source prices gets
 * {@link PriceSource#NONE}, never a price of zero. Catalogue ids are matched without regard to case, with or without
 * the vendor prefix, by canonical slug, and with or without a date suffix.
 */
public final class RoutePricing {

    private static final Pattern DASHED_DATE = Pattern.compile("-\\d{4}-\\d{2}-\\d{2}$");

    private final Map<String, CatalogModel> live;
    private final Map<String, CatalogModel> file;
    private final Map<String, PriceOverride> overrides;

    /**
     * @param live the live catalogue's models (empty when it is off or was never fetched)
     * @param file the models file's models, the offline fallback
     * @param overrides the operator's price overrides
     */
    public RoutePricing(List<CatalogModel> live, List<CatalogModel> file, List<PriceOverride> overrides) {
        this.live = byId(live);
        this.file = byId(file);
        Map<String, PriceOverride> overridden = new HashMap<>();
        overrides.forEach(o -> overridden.put(o.modelId().toLowerCase(Locale.ROOT), o));
        this.overrides = overridden;
    }

    /**
     * The route for one model {@code provider} lists, priced from the first source that prices it; empty when the
     * operator disabled the model. The catalogue that knows the model names and describes it; an unknown model keeps
     * the provider's id.
     */
    public Optional<ModelRoute> route(UpstreamProvider provider, String providerModelId) {
        Optional<CatalogModel> fromLive = match(live, providerModelId);
        Optional<CatalogModel> fromFile = match(file, providerModelId);
        Optional<CatalogModel> known = fromLive.or(() -> fromFile);
        String modelId = known.map(CatalogModel::id).orElse(providerModelId);
        ModelDescription description = known.map(CatalogModel::description).orElseGet(() -> unknown(modelId));
        PriceOverride override = overrides.get(modelId.toLowerCase(Locale.ROOT));
        if (override == null) {
            override = overrides.get(providerModelId.toLowerCase(Locale.ROOT));
        }
        ModelPrice price;
        PriceSource source;
        if (override != null) {
            if (!override.enabled()) {
                return Optional.empty();
            }
            price = overridden(
                    known.map(CatalogModel::price)
                            .orElseGet(() -> ModelPrice.builder().build()),
                    override);
            source = PriceSource.OVERRIDE;
        } else if (fromLive.filter(e -> !e.isFree()).isPresent()) {
            price = fromLive.get().price();
            source = PriceSource.OPENROUTER;
        } else if (fromFile.filter(e -> !e.isFree()).isPresent()) {
            price = fromFile.get().price();
            source = PriceSource.MODELS_FILE;
        } else {
            // Free or unknown everywhere: no price, which is never billed as zero (Routstr imports it disabled).
            price = ModelPrice.builder().build();
            source = PriceSource.NONE;
        }
        return Optional.of(new ModelRoute(
                ModelId.of(modelId), providerModelId, provider, price.withFee(provider.fee()), description, source));
    }

    /** The operator's price over the catalogue's; image, search and reasoning rates and the limits stay. */
    private static ModelPrice overridden(ModelPrice catalogue, PriceOverride override) {
        return ModelPrice.builder()
                .prompt(override.prompt())
                .completion(override.completion())
                .request(override.request())
                .image(catalogue.image())
                .webSearch(catalogue.webSearch())
                .internalReasoning(catalogue.internalReasoning())
                .cacheRead(override.cacheRead().orElse(null))
                .cacheWrite(override.cacheWrite().orElse(null))
                .limits(catalogue.limits())
                .build();
    }

    /** How a model no catalogue knows is described: by its id. */
    private static ModelDescription unknown(String id) {
        return new ModelDescription(id, "", 0, id, "text->text", List.of("text"), List.of("text"), "Other", false);
    }

    private static Map<String, CatalogModel> byId(List<CatalogModel> catalogue) {
        Map<String, CatalogModel> byId = new LinkedHashMap<>();
        catalogue.forEach(e -> byId.putIfAbsent(e.id().toLowerCase(Locale.ROOT), e));
        return byId;
    }

    /** The catalogue model a provider's model id names: by id, by id without vendor prefix, by canonical slug. */
    private static Optional<CatalogModel> match(Map<String, CatalogModel> models, String providerModelId) {
        String wanted = providerModelId.toLowerCase(Locale.ROOT);
        CatalogModel exact = models.get(wanted);
        if (exact == null) {
            exact = models.values().stream()
                    .filter(e -> tail(e.id()).equalsIgnoreCase(wanted)
                            || e.description().canonicalSlug().equalsIgnoreCase(wanted)
                            || tail(e.description().canonicalSlug()).equalsIgnoreCase(wanted)
                            || undated(tail(e.id())).equalsIgnoreCase(undated(wanted)))
                    .findFirst()
                    .orElse(null);
        }
        return Optional.ofNullable(exact);
    }

    /** A model id without its vendor prefix: {@code openai/gpt-4o} is {@code gpt-4o}. */
    static String tail(String id) {
        int slash = id.lastIndexOf('/');
        return slash < 0 ? id : id.substring(slash + 1);
    }

    /** A model id without a dashed date suffix: {@code gpt-4o-2024-08-06} is {@code gpt-4o}. */
    static String undated(String id) {
        return DASHED_DATE.matcher(id).replaceFirst("");
    }
}
