package io.routstr.gateway.domain.provider;

import java.util.List;
import java.util.Objects;

/**
 * What the catalogue says about a model besides its price (OpenRouter's model object), for {@code /v1/models}.
 *
 * @param created unix seconds
 */
public record ModelDescription(
        String name,
        String description,
        long created,
        String canonicalSlug,
        String modality,
        List<String> inputModalities,
        List<String> outputModalities,
        String tokenizer,
        boolean moderated) {

    public ModelDescription {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(canonicalSlug, "canonical slug");
        Objects.requireNonNull(modality, "modality");
        inputModalities = List.copyOf(inputModalities);
        outputModalities = List.copyOf(outputModalities);
        Objects.requireNonNull(tokenizer, "tokenizer");
    }

    /** A text-to-text model known by {@code id} only. */
    public static ModelDescription minimal(String id) {
        return new ModelDescription(id, "", 0, id, "text->text", List.of("text"), List.of("text"), "Other", false);
    }
}
