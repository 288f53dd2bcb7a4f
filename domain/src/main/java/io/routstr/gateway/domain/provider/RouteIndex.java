package io.routstr.gateway.domain.provider;

import io.routstr.gateway.domain.pricing.ModelPrice;
import io.routstr.gateway.domain.pricing.PricingPolicy;
import io.routstr.gateway.domain.proxy.ModelId;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One snapshot of every route, looked up by any alias Routstr accepts (§7.2), without regard to case: the routes for
 * one name ranked by how exactly the name matched, then priced before unpriced, then cheapest first by Routstr's cost
 * score, with OpenRouter a hair behind a direct provider at the same price.
 */
public final class RouteIndex {

    /** No routes: the catalogue before its first refresh. */
    public static final RouteIndex EMPTY = of(List.of());

    private static final Pattern COMPACT_DATE = Pattern.compile("-\\d{8}$");
    /** Routstr ranks OpenRouter a hair behind a direct provider at the same price. */
    private static final BigDecimal OPENROUTER_PENALTY = new BigDecimal("1.001");

    private final Map<String, List<Ranked>> byAlias;
    private final List<ModelRoute> advertised;
    private final Map<String, List<ModelId>> aliases;

    private RouteIndex(
            Map<String, List<Ranked>> byAlias, List<ModelRoute> advertised, Map<String, List<ModelId>> aliases) {
        this.byAlias = byAlias;
        this.advertised = advertised;
        this.aliases = aliases;
    }

    /** A route and how exactly it matched an alias (Routstr §7.2: exact 5, provider id 4, tail 3, slug 2, other 1). */
    private record Ranked(ModelRoute route, int priority) {}

    /** Indexes {@code routes}; of one provider's routes under one alias the best-matching one is kept. */
    public static RouteIndex of(List<ModelRoute> routes) {
        Map<String, Map<ProviderId, Ranked>> byAlias = new HashMap<>();
        Map<String, Set<String>> aliasesByModel = new LinkedHashMap<>();
        for (ModelRoute route : routes) {
            names(route).forEach((name, priority) -> {
                String key = name.toLowerCase(Locale.ROOT);
                byAlias.computeIfAbsent(key, k -> new LinkedHashMap<>())
                        .merge(
                                route.provider().id(),
                                new Ranked(route, priority),
                                (a, b) -> a.priority() >= b.priority() ? a : b);
                aliasesByModel
                        .computeIfAbsent(route.modelId().value(), k -> new LinkedHashSet<>())
                        .add(name);
            });
        }
        // A priced route before an unpriced one, whose zero price says nothing about its cost.
        Comparator<Ranked> order = Comparator.comparingInt(Ranked::priority)
                .reversed()
                .thenComparing(r -> !r.route().priced())
                .thenComparing(r -> costScore(r.route()));
        Map<String, List<Ranked>> sorted = new HashMap<>();
        byAlias.forEach((alias, ranked) ->
                sorted.put(alias, ranked.values().stream().sorted(order).toList()));
        Map<String, ModelRoute> best = new LinkedHashMap<>();
        routes.stream()
                .sorted(Comparator.comparing((ModelRoute r) -> !r.priced()).thenComparing(RouteIndex::costScore))
                .forEach(r -> best.putIfAbsent(r.modelId().value(), r));
        // A blank or padded name (an empty canonical slug, say) is no name a client can ask for: it is not listed.
        Map<String, List<ModelId>> aliases = new HashMap<>();
        aliasesByModel.forEach((id, names) -> aliases.put(
                id,
                names.stream()
                        .filter(n -> !n.equals(id) && !n.isBlank() && n.equals(n.strip()))
                        .distinct()
                        .map(ModelId::new)
                        .toList()));
        return new RouteIndex(sorted, List.copyOf(best.values()), aliases);
    }

    /** Every name {@code route} answers to, with how exactly each names it. */
    private static Map<String, Integer> names(ModelRoute route) {
        Map<String, Integer> names = new LinkedHashMap<>();
        String id = route.modelId().value();
        String slug = route.description().canonicalSlug();
        names.merge(id, 5, Math::max);
        names.merge(route.upstreamModelId(), 4, Math::max);
        names.merge(RoutePricing.tail(id), 3, Math::max);
        names.merge(slug, 2, Math::max);
        names.merge(RoutePricing.tail(slug), 2, Math::max);
        for (String name : List.of(
                RoutePricing.undated(id),
                RoutePricing.undated(RoutePricing.tail(id)),
                RoutePricing.undated(slug),
                RoutePricing.undated(RoutePricing.tail(slug)))) {
            names.merge(name, 1, Math::max);
        }
        names.merge(route.provider().type().wireName() + "/" + route.upstreamModelId(), 1, Math::max);
        return names;
    }

    /**
     * The routes for {@code requestedModel} (any alias, any case, a compact date suffix ignored when nothing else
     * matches), best first, that may be served under {@code pricing}.
     */
    public List<ModelRoute> candidates(ModelId requestedModel, PricingPolicy pricing) {
        String key = requestedModel.value().toLowerCase(Locale.ROOT);
        List<Ranked> ranked = byAlias.get(key);
        if (ranked == null) {
            ranked = byAlias.get(COMPACT_DATE.matcher(key).replaceFirst(""));
        }
        if (ranked == null) {
            return List.of();
        }
        return ranked.stream()
                .map(Ranked::route)
                .filter(route -> route.servableUnder(pricing))
                .toList();
    }

    /** One route per public model, the best one. */
    public List<ModelRoute> advertised() {
        return advertised;
    }

    /** The other names {@code route}'s model answers to. */
    public List<ModelId> aliases(ModelRoute route) {
        return aliases.getOrDefault(route.modelId().value(), List.of());
    }

    /** Routstr's ranking score: prompt + completion/2 + request + image/10 + search/10 + reasoning/5 (USD). */
    static BigDecimal costScore(ModelRoute route) {
        ModelPrice p = route.price();
        BigDecimal score = p.prompt()
                .add(p.completion().multiply(new BigDecimal("0.5")))
                .add(p.request())
                .add(p.image().multiply(new BigDecimal("0.1")))
                .add(p.webSearch().multiply(new BigDecimal("0.1")))
                .add(p.internalReasoning().multiply(new BigDecimal("0.2")));
        return route.provider().baseUrl().contains("openrouter.ai") ? score.multiply(OPENROUTER_PENALTY) : score;
    }
}
