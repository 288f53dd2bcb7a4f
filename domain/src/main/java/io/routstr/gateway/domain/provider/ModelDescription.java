package io.routstr.gateway.domain.provider;

import io.routstr.gateway.domain.Components;
import java.util.List;

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
        Components.requireNonNull(
                ModelDescription.class,
                name,
                description,
                canonicalSlug,
                modality,
                inputModalities,
                outputModalities,
                tokenizer);
        inputModalities = List.copyOf(inputModalities);
        outputModalities = List.copyOf(outputModalities);
    }

    /** A text-to-text model known by {@code id} only. */
    public static ModelDescription minimal(String id) {
        return new ModelDescription(id, "", 0, id, "text->text", List.of("text"), List.of("text"), "Other", false);
    }
}
