package io.routstr.gateway.domain.provider;

/**
 * Where a served model's price came from, in the order they are consulted: the operator's override, the live
 * OpenRouter catalogue, the models file (the operator's {@code MODELS_PATH} or the shipped one). {@link #NONE}: no
 * source prices the model, so it is served only under fixed pricing (Routstr imports such a model disabled, §7.1).
 */
public enum PriceSource {
    OVERRIDE("override"),
    OPENROUTER("openrouter"),
    MODELS_FILE("models_file"),
    NONE("none");

    private final String wireName;

    PriceSource(String wireName) {
        this.wireName = wireName;
    }

    /** The name {@code /v1/models} reports. */
    public String wireName() {
        return wireName;
    }
}
