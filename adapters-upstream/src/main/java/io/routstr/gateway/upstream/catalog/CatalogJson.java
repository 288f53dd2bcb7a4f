package io.routstr.gateway.upstream.catalog;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.routstr.gateway.domain.pricing.ModelLimits;
import io.routstr.gateway.domain.pricing.ModelPrice;
import io.routstr.gateway.domain.provider.CatalogModel;
import io.routstr.gateway.domain.provider.ModelDescription;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** Reads catalogues in OpenRouter's {@code /api/v1/models} shape or Routstr's models-file shape. */
final class CatalogJson {

    static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};

    private CatalogJson() {}

    /**
     * Reads a catalogue in OpenRouter's {@code /api/v1/models} shape ({@code {"data":[…]}}) or Routstr's models-file
     * shape ({@code {"models":[…]}}); the entries have the same fields in both.
     *
     * @throws IOException when it is not JSON, has neither list, or the list holds no model with an id: a models file
     *     that would silently price nothing
     */
    static List<CatalogModel> read(InputStream json, ObjectMapper mapper) throws IOException {
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
        List<CatalogModel> result = new ArrayList<>();
        for (Object item : data) {
            if (item instanceof Map<?, ?> model) {
                @SuppressWarnings("unchecked")
                Map<String, Object> typed = (Map<String, Object>) model;
                model(typed).ifPresent(result::add);
            }
        }
        if (result.isEmpty()) {
            throw new IOException("no model with an id in it");
        }
        return result;
    }

    /** Reads one entry of OpenRouter's {@code /api/v1/models} {@code data} array; empty when it has no id. */
    static Optional<CatalogModel> model(Map<String, Object> model) {
        if (!(model.get("id") instanceof String id) || id.isBlank()) {
            return Optional.empty();
        }
        Map<?, ?> pricing = model.get("pricing") instanceof Map<?, ?> p ? p : Map.of();
        Map<?, ?> top = model.get("top_provider") instanceof Map<?, ?> t ? t : Map.of();
        Map<?, ?> architecture = model.get("architecture") instanceof Map<?, ?> a ? a : Map.of();
        OptionalLong context = whole(top.get("context_length"));
        if (context.isEmpty()) {
            context = whole(model.get("context_length"));
        }
        OptionalLong maxCompletion = whole(top.get("max_completion_tokens"));
        ModelPrice price = ModelPrice.builder()
                .prompt(usd(pricing.get("prompt")))
                .completion(usd(pricing.get("completion")))
                .request(usd(pricing.get("request")))
                .image(usd(pricing.get("image")))
                .webSearch(usd(pricing.get("web_search")))
                .internalReasoning(usd(pricing.get("internal_reasoning")))
                .cacheRead(pricing.containsKey("input_cache_read") ? usd(pricing.get("input_cache_read")) : null)
                .cacheWrite(pricing.containsKey("input_cache_write") ? usd(pricing.get("input_cache_write")) : null)
                .limits(new ModelLimits(context, maxCompletion))
                .build();
        ModelDescription description = new ModelDescription(
                text(model.get("name"), id),
                text(model.get("description"), ""),
                whole(model.get("created")).orElse(0),
                text(model.get("canonical_slug"), id),
                text(architecture.get("modality"), "text->text"),
                strings(architecture.get("input_modalities"), List.of("text")),
                strings(architecture.get("output_modalities"), List.of("text")),
                text(architecture.get("tokenizer"), "Other"),
                Boolean.TRUE.equals(top.get("is_moderated")));
        return Optional.of(new CatalogModel(id, description, price));
    }

    private static BigDecimal usd(Object value) {
        try {
            BigDecimal usd = switch (value) {
                case null -> BigDecimal.ZERO;
                case String s -> new BigDecimal(s.strip());
                case Number n -> new BigDecimal(n.toString());
                default -> BigDecimal.ZERO;
            };
            // OpenRouter marks variable pricing with -1; such a model is not priced per token here.
            return usd.signum() < 0 ? BigDecimal.ZERO : usd;
        } catch (NumberFormatException e) {
            return BigDecimal.ZERO;
        }
    }

    private static OptionalLong whole(Object value) {
        return value instanceof Number n && n.longValue() > 0 ? OptionalLong.of(n.longValue()) : OptionalLong.empty();
    }

    private static String text(Object value, String fallback) {
        return value instanceof String s && !s.isBlank() ? s : fallback;
    }

    private static List<String> strings(Object value, List<String> fallback) {
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return fallback;
    }
}
