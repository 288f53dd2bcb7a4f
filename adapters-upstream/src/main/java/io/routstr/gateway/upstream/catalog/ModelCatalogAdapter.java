package io.routstr.gateway.upstream.catalog;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.routstr.gateway.application.port.out.ModelCatalogPort;
import io.routstr.gateway.application.port.out.PriceOverridePort;
import io.routstr.gateway.application.port.out.ProviderStorePort;
import io.routstr.gateway.domain.pricing.ModelPrice;
import io.routstr.gateway.domain.provider.ModelRoute;
import io.routstr.gateway.domain.provider.PriceOverride;
import io.routstr.gateway.domain.provider.ProviderId;
import io.routstr.gateway.domain.provider.ProviderType;
import io.routstr.gateway.domain.provider.UpstreamProvider;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The model catalogue (Routstr §7.2): each enabled provider's {@code /models} ids, priced from a catalogue file in
 * OpenRouter's format (or the operator's override) with the provider's fee applied, under every alias Routstr accepts, looked up without regard to
 * case; routes for one name ranked by how exactly the name matched, then cheapest first.
 */
public final class ModelCatalogAdapter implements ModelCatalogPort {

    private static final System.Logger log = System.getLogger(ModelCatalogAdapter.class.getName());
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};
    private static final Pattern DASHED_DATE = Pattern.compile("-\\d{4}-\\d{2}-\\d{2}$");
    private static final Pattern COMPACT_DATE = Pattern.compile("-\\d{8}$");
    /** Routstr ranks OpenRouter a hair behind a direct provider at the same price. */
    private static final BigDecimal OPENROUTER_PENALTY = new BigDecimal("1.001");

    private final ProviderStorePort providers;
    private final PriceOverridePort overrides;
    private final Map<String, CatalogEntry> entries;
    private final ObjectMapper mapper;
    private final HttpClient http;
    private final Duration timeout;
    private final Map<ProviderId, List<String>> lastListed = new ConcurrentHashMap<>();
    private volatile Index index = new Index(Map.of(), List.of(), Map.of());

    public ModelCatalogAdapter(
            ProviderStorePort providers,
            PriceOverridePort overrides,
            List<CatalogEntry> catalogue,
            ObjectMapper mapper,
            Duration timeout) {
        this.providers = providers;
        this.overrides = overrides;
        this.entries = new LinkedHashMap<>();
        catalogue.forEach(e -> entries.put(e.id().toLowerCase(Locale.ROOT), e));
        this.mapper = mapper;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .build();
    }

    /** Reads a catalogue file in OpenRouter's {@code /api/v1/models} format ({@code {"data":[…]}}). */
    public static List<CatalogEntry> readCatalogue(InputStream json, ObjectMapper mapper) throws IOException {
        Map<String, Object> root = mapper.readValue(json, MAP);
        List<CatalogEntry> result = new ArrayList<>();
        if (root.get("data") instanceof List<?> data) {
            for (Object item : data) {
                if (item instanceof Map<?, ?> model) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> typed = (Map<String, Object>) model;
                    CatalogEntry.fromJson(typed).ifPresent(result::add);
                }
            }
        }
        return result;
    }

    /**
     * Fetches every enabled provider's model list and rebuilds the index. A provider that cannot be reached keeps the
     * list it last answered, so that a short outage does not unlist its models (its circuit breaker handles it).
     */
    public void refresh() {
        Map<String, PriceOverride> overridden = new HashMap<>();
        overrides.findAll().forEach(o -> overridden.put(o.modelId().toLowerCase(Locale.ROOT), o));
        List<ModelRoute> routes = new ArrayList<>();
        for (UpstreamProvider provider : providers.findAll()) {
            if (!provider.enabled()) {
                continue;
            }
            List<String> ids =
                    fetchModelIds(provider).orElseGet(() -> lastListed.getOrDefault(provider.id(), List.of()));
            lastListed.put(provider.id(), ids);
            for (String providerModelId : ids) {
                match(provider, providerModelId)
                        .flatMap(entry ->
                                overridden(entry, overridden.get(entry.id().toLowerCase(Locale.ROOT))))
                        .ifPresent(entry -> routes.add(new ModelRoute(
                                entry.id(),
                                providerModelId,
                                provider,
                                entry.price().withFee(provider.fee()),
                                entry.description())));
            }
        }
        index = Index.of(routes);
    }

    /** The entry at the operator's price; empty when the operator disabled the model. */
    private static Optional<CatalogEntry> overridden(CatalogEntry entry, PriceOverride override) {
        if (override == null) {
            return Optional.of(entry);
        }
        if (!override.enabled()) {
            return Optional.empty();
        }
        ModelPrice catalogue = entry.price();
        ModelPrice price = ModelPrice.builder()
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
        return Optional.of(new CatalogEntry(entry.id(), entry.description(), price));
    }

    private Optional<List<String>> fetchModelIds(UpstreamProvider provider) {
        if (provider.type() == ProviderType.AZURE) {
            // Azure lists base models, not deployments; its deployments are named after catalogue ids.
            return Optional.of(entries.values().stream().map(e -> tail(e.id())).toList());
        }
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(provider.baseUrl() + "/models"))
                    .timeout(timeout)
                    .GET();
            provider.apiKey().ifPresent(key -> {
                if (provider.type() == ProviderType.ANTHROPIC) {
                    request.header("x-api-key", key.reveal()).header("anthropic-version", "2023-06-01");
                } else {
                    request.header("Authorization", "Bearer " + key.reveal());
                }
            });
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                log.log(
                        System.Logger.Level.WARNING,
                        "Model list of {0} answered {1}",
                        provider.label(),
                        response.statusCode());
                return Optional.empty();
            }
            Map<String, Object> body = mapper.readValue(response.body(), MAP);
            List<String> ids = new ArrayList<>();
            if (body.get("data") instanceof List<?> data) {
                for (Object item : data) {
                    if (item instanceof Map<?, ?> model && model.get("id") instanceof String id && !id.isBlank()) {
                        ids.add(id);
                    }
                }
            }
            return Optional.of(ids);
        } catch (IOException | RuntimeException e) {
            log.log(System.Logger.Level.WARNING, "Model list of {0} unavailable: {1}", provider.label(), e.toString());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The catalogue entry a provider's model id names: by id, by id without vendor prefix, by canonical slug. */
    private Optional<CatalogEntry> match(UpstreamProvider provider, String providerModelId) {
        String wanted = providerModelId.toLowerCase(Locale.ROOT);
        CatalogEntry exact = entries.get(wanted);
        if (exact == null) {
            exact = entries.values().stream()
                    .filter(e -> tail(e.id()).equalsIgnoreCase(wanted)
                            || e.description().canonicalSlug().equalsIgnoreCase(wanted)
                            || tail(e.description().canonicalSlug()).equalsIgnoreCase(wanted)
                            || undated(tail(e.id())).equalsIgnoreCase(undated(wanted)))
                    .findFirst()
                    .orElse(null);
        }
        return Optional.ofNullable(exact).filter(e -> !e.isFree());
    }

    @Override
    public List<ModelRoute> candidates(String requestedModel) {
        String key = requestedModel.strip().toLowerCase(Locale.ROOT);
        List<Ranked> ranked = index.byAlias().get(key);
        if (ranked == null) {
            ranked = index.byAlias().get(COMPACT_DATE.matcher(key).replaceFirst(""));
        }
        if (ranked == null) {
            return List.of();
        }
        return ranked.stream().map(Ranked::route).toList();
    }

    @Override
    public List<ModelRoute> advertised() {
        return index.advertised();
    }

    @Override
    public List<String> aliases(ModelRoute route) {
        return index.aliases().getOrDefault(route.modelId(), List.of());
    }

    /** The routes the catalogue currently holds, for tests and health reporting. */
    public int size() {
        return index.advertised().size();
    }

    private static String tail(String id) {
        int slash = id.lastIndexOf('/');
        return slash < 0 ? id : id.substring(slash + 1);
    }

    private static String undated(String id) {
        return DASHED_DATE.matcher(id).replaceFirst("");
    }

    /** A route and how exactly it matched an alias (Routstr §7.2: exact 5, provider id 4, tail 3, slug 2, other 1). */
    private record Ranked(ModelRoute route, int priority) {}

    /** Lookups over one snapshot of routes. */
    private record Index(
            Map<String, List<Ranked>> byAlias, List<ModelRoute> advertised, Map<String, List<String>> aliases) {

        static Index of(List<ModelRoute> routes) {
            Map<String, Map<ProviderId, Ranked>> byAlias = new HashMap<>();
            Map<String, Set<String>> aliasesByModel = new LinkedHashMap<>();
            for (ModelRoute route : routes) {
                Map<String, Integer> names = new LinkedHashMap<>();
                String id = route.modelId();
                String slug = route.description().canonicalSlug();
                names.merge(id, 5, Math::max);
                names.merge(route.upstreamModelId(), 4, Math::max);
                names.merge(tail(id), 3, Math::max);
                names.merge(slug, 2, Math::max);
                names.merge(tail(slug), 2, Math::max);
                for (String name : List.of(undated(id), undated(tail(id)), undated(slug), undated(tail(slug)))) {
                    names.merge(name, 1, Math::max);
                }
                names.merge(route.provider().type().wireName() + "/" + route.upstreamModelId(), 1, Math::max);
                names.forEach((name, priority) -> {
                    String key = name.toLowerCase(Locale.ROOT);
                    byAlias.computeIfAbsent(key, k -> new LinkedHashMap<>())
                            .merge(
                                    route.provider().id(),
                                    new Ranked(route, priority),
                                    (a, b) -> a.priority() >= b.priority() ? a : b);
                    aliasesByModel
                            .computeIfAbsent(id, k -> new LinkedHashSet<>())
                            .add(name);
                });
            }
            Comparator<Ranked> order =
                    Comparator.comparingInt(Ranked::priority).reversed().thenComparing(r -> costScore(r.route()));
            Map<String, List<Ranked>> sorted = new HashMap<>();
            byAlias.forEach((alias, ranked) ->
                    sorted.put(alias, ranked.values().stream().sorted(order).toList()));
            Map<String, ModelRoute> best = new LinkedHashMap<>();
            routes.stream()
                    .sorted(Comparator.comparing(Index::costScore))
                    .forEach(r -> best.putIfAbsent(r.modelId(), r));
            Map<String, List<String>> aliases = new HashMap<>();
            aliasesByModel.forEach((id, names) -> aliases.put(
                    id, names.stream().filter(n -> !n.equals(id)).distinct().toList()));
            return new Index(sorted, List.copyOf(best.values()), aliases);
        }

        /** Routstr's ranking score: prompt + completion/2 + request + image/10 + search/10 + reasoning/5 (USD). */
        static BigDecimal costScore(ModelRoute route) {
            var p = route.price();
            BigDecimal score = p.prompt()
                    .add(p.completion().multiply(new BigDecimal("0.5")))
                    .add(p.request())
                    .add(p.image().multiply(new BigDecimal("0.1")))
                    .add(p.webSearch().multiply(new BigDecimal("0.1")))
                    .add(p.internalReasoning().multiply(new BigDecimal("0.2")));
            return route.provider().baseUrl().contains("openrouter.ai") ? score.multiply(OPENROUTER_PENALTY) : score;
        }
    }
}
