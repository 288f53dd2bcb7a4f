package io.routstr.gateway.upstream.catalog;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.routstr.gateway.application.port.out.ModelCatalogPort;
import io.routstr.gateway.application.port.out.PriceOverridePort;
import io.routstr.gateway.application.port.out.ProviderStorePort;
import io.routstr.gateway.domain.pricing.ModelPrice;
import io.routstr.gateway.domain.pricing.PricingPolicy;
import io.routstr.gateway.domain.provider.ModelDescription;
import io.routstr.gateway.domain.provider.ModelRoute;
import io.routstr.gateway.domain.provider.PriceOverride;
import io.routstr.gateway.domain.provider.PriceSource;
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
 * The model catalogue (Routstr §7.2): every id each enabled provider's {@code /models} lists, priced, in order, from
 * the operator's override, the live OpenRouter catalogue ({@code OPENROUTER_MODELS_URL}, refreshed with the model
 * lists), the models file (the operator's {@code MODELS_PATH} or the shipped one), with the provider's fee applied;
 * under every alias Routstr accepts, looked up without regard to case; routes for one name ranked by how exactly the
 * name matched, then cheapest first. A model no source prices is listed with {@link PriceSource#NONE} and served only
 * under fixed pricing, never at a price of zero.
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
    private final Optional<URI> liveCatalogue;
    private final PricingPolicy pricing;
    private final ObjectMapper mapper;
    private final HttpClient http;
    private final Duration timeout;
    private final Map<ProviderId, List<String>> lastListed = new ConcurrentHashMap<>();
    private volatile Map<String, CatalogEntry> liveEntries = Map.of();
    private volatile Index index = new Index(Map.of(), List.of(), Map.of());

    /** A catalogue priced from {@code catalogue} alone, serving only priced models. */
    public ModelCatalogAdapter(
            ProviderStorePort providers,
            PriceOverridePort overrides,
            List<CatalogEntry> catalogue,
            ObjectMapper mapper,
            Duration timeout) {
        this(providers, overrides, catalogue, Optional.empty(), PricingPolicy.DEFAULT, mapper, timeout);
    }

    /**
     * @param catalogue the models file's entries, the offline fallback
     * @param liveCatalogue OpenRouter's {@code /api/v1/models} (or a mirror), fetched at every refresh; empty: off
     * @param pricing whether unpriced models may be served (under fixed pricing only)
     */
    public ModelCatalogAdapter(
            ProviderStorePort providers,
            PriceOverridePort overrides,
            List<CatalogEntry> catalogue,
            Optional<URI> liveCatalogue,
            PricingPolicy pricing,
            ObjectMapper mapper,
            Duration timeout) {
        this.providers = providers;
        this.overrides = overrides;
        this.entries = byId(catalogue);
        this.liveCatalogue = liveCatalogue;
        this.pricing = pricing;
        this.mapper = mapper;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .build();
    }

    /**
     * Reads a catalogue in OpenRouter's {@code /api/v1/models} shape ({@code {"data":[…]}}) or Routstr's models-file
     * shape ({@code {"models":[…]}}); the entries have the same fields in both.
     *
     * @throws IOException when it is not JSON, has neither list, or the list holds no model with an id: a models file
     *     that would silently price nothing
     */
    public static List<CatalogEntry> readCatalogue(InputStream json, ObjectMapper mapper) throws IOException {
        Map<String, Object> root;
        try {
            root = mapper.readValue(json, MAP);
        } catch (IOException | RuntimeException e) {
            throw new IOException("not a JSON object: " + e.getMessage(), e);
        }
        if (root == null) {
            throw new IOException("empty");
        }
        Object list = root.containsKey("data") ? root.get("data") : root.get("models");
        if (!(list instanceof List<?> data)) {
            throw new IOException("neither a \"data\" nor a \"models\" list of models");
        }
        List<CatalogEntry> result = new ArrayList<>();
        for (Object item : data) {
            if (item instanceof Map<?, ?> model) {
                @SuppressWarnings("unchecked")
                Map<String, Object> typed = (Map<String, Object>) model;
                CatalogEntry.fromJson(typed).ifPresent(result::add);
            }
        }
        if (result.isEmpty()) {
            throw new IOException("no model with an id in it");
        }
        return result;
    }

    /**
     * Fetches the live catalogue and every enabled provider's model list, and rebuilds the index. A source that
     * cannot be reached keeps what it last answered, so that a short outage neither unlists models nor reprices them
     * (a provider's circuit breaker handles the provider); a live catalogue never fetched leaves the models file.
     */
    public void refresh() {
        liveCatalogue.flatMap(this::fetchLiveCatalogue).ifPresent(live -> liveEntries = byId(live));
        Map<String, CatalogEntry> live = liveEntries;
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
                route(provider, providerModelId, live, overridden).ifPresent(routes::add);
            }
        }
        index = Index.of(routes);
    }

    /**
     * The route for one listed model, priced from the first source that prices it; empty when the operator disabled
     * it. The catalogue that knows the model names and describes it; an unknown model keeps the provider's id.
     */
    private Optional<ModelRoute> route(
            UpstreamProvider provider,
            String providerModelId,
            Map<String, CatalogEntry> live,
            Map<String, PriceOverride> overridden) {
        Optional<CatalogEntry> fromLive = match(live, providerModelId);
        Optional<CatalogEntry> fromFile = match(entries, providerModelId);
        Optional<CatalogEntry> known = fromLive.or(() -> fromFile);
        String modelId = known.map(CatalogEntry::id).orElse(providerModelId);
        ModelDescription description = known.map(CatalogEntry::description).orElseGet(() -> unknown(modelId));
        PriceOverride override = overridden.get(modelId.toLowerCase(Locale.ROOT));
        if (override == null) {
            override = overridden.get(providerModelId.toLowerCase(Locale.ROOT));
        }
        ModelPrice price;
        PriceSource source;
        if (override != null) {
            if (!override.enabled()) {
                return Optional.empty();
            }
            price = overridden(
                    known.map(CatalogEntry::price)
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
        return Optional.of(
                new ModelRoute(modelId, providerModelId, provider, price.withFee(provider.fee()), description, source));
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

    private Optional<List<CatalogEntry>> fetchLiveCatalogue(URI url) {
        try {
            HttpRequest request =
                    HttpRequest.newBuilder(url).timeout(timeout).GET().build();
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    log.log(System.Logger.Level.WARNING, "Live model catalogue answered {0}", response.statusCode());
                    return Optional.empty();
                }
                return Optional.of(readCatalogue(body, mapper));
            }
        } catch (IOException | RuntimeException e) {
            log.log(System.Logger.Level.WARNING, "Live model catalogue unavailable: {0}", e.toString());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static Map<String, CatalogEntry> byId(List<CatalogEntry> catalogue) {
        Map<String, CatalogEntry> byId = new LinkedHashMap<>();
        catalogue.forEach(e -> byId.putIfAbsent(e.id().toLowerCase(Locale.ROOT), e));
        return byId;
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
    private static Optional<CatalogEntry> match(Map<String, CatalogEntry> entries, String providerModelId) {
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
        return Optional.ofNullable(exact);
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
        return ranked.stream()
                .map(Ranked::route)
                .filter(route -> route.servableUnder(pricing))
                .toList();
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
                    .sorted(Comparator.comparing((ModelRoute r) -> !r.priced()).thenComparing(Index::costScore))
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
