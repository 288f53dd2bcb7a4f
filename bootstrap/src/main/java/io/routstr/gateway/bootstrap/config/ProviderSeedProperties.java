package io.routstr.gateway.bootstrap.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The providers Routstr seeds from the environment when the provider table is empty (§7.1): {@code UPSTREAM_BASE_URL}
 * and {@code UPSTREAM_API_KEY} (Azure when {@code CHAT_COMPLETIONS_API_VERSION} is set), {@code OPENAI_API_KEY},
 * {@code ANTHROPIC_API_KEY}, {@code OPENROUTER_API_KEY}, {@code GROQ_API_KEY}, {@code PERPLEXITY_API_KEY},
 * {@code FIREWORKS_API_KEY}, {@code XAI_API_KEY}, {@code OLLAMA_BASE_URL} and {@code OLLAMA_API_KEY}.
 */
@ConfigurationProperties("routstr.providers")
public record ProviderSeedProperties(
        @DefaultValue("") String upstreamBaseUrl,
        @DefaultValue("") String upstreamApiKey,
        @DefaultValue("") String chatCompletionsApiVersion,
        @DefaultValue("") String openaiApiKey,
        @DefaultValue("") String anthropicApiKey,
        @DefaultValue("") String openrouterApiKey,
        @DefaultValue("") String groqApiKey,
        @DefaultValue("") String perplexityApiKey,
        @DefaultValue("") String fireworksApiKey,
        @DefaultValue("") String xaiApiKey,
        @DefaultValue("") String ollamaBaseUrl,
        @DefaultValue("") String ollamaApiKey) {}
