package io.routstr.gateway.domain.provider;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The kinds of upstream a provider row can be (Routstr §7.1). Every kind but {@link #ANTHROPIC} and {@link #AZURE}
 * speaks the OpenAI API with a bearer key; Anthropic and OpenRouter also speak the Anthropic Messages API natively.
 */
public enum ProviderType {
    GENERIC("generic", ""),
    OPENAI("openai", "https://api.openai.com/v1"),
    OPENROUTER("openrouter", "https://openrouter.ai/api/v1"),
    ANTHROPIC("anthropic", "https://api.anthropic.com/v1"),
    AZURE("azure", ""),
    GROQ("groq", "https://api.groq.com/openai/v1"),
    FIREWORKS("fireworks", "https://api.fireworks.ai/inference/v1"),
    XAI("x-ai", "https://api.x.ai/v1"),
    PERPLEXITY("perplexity", "https://api.perplexity.ai"),
    OLLAMA("ollama", "http://localhost:11434/v1");

    private final String wireName;
    private final String defaultBaseUrl;

    ProviderType(String wireName, String defaultBaseUrl) {
        this.wireName = wireName;
        this.defaultBaseUrl = defaultBaseUrl;
    }

    /** The name Routstr uses for this type ({@code upstream_provider_id} in {@code /v1/models}, {@code provider}). */
    public String wireName() {
        return wireName;
    }

    public String defaultBaseUrl() {
        return defaultBaseUrl;
    }

    /** Whether {@code /v1/messages} is forwarded as it is (Routstr's {@code supports_anthropic_messages}). */
    public boolean speaksAnthropicMessages() {
        return this == ANTHROPIC || this == OPENROUTER;
    }

    /** The type named {@code name} (its wire name or constant name, any case); {@code custom} is the generic type. */
    public static Optional<ProviderType> fromName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String wanted = name.strip().toLowerCase(Locale.ROOT);
        if (wanted.equals("custom")) {
            return Optional.of(GENERIC);
        }
        return Arrays.stream(values())
                .filter(t -> t.wireName.equals(wanted)
                        || t.name().toLowerCase(Locale.ROOT).equals(wanted))
                .findFirst();
    }
}
