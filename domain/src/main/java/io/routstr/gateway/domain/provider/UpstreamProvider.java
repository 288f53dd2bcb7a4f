package io.routstr.gateway.domain.provider;

import io.routstr.gateway.domain.Components;
import io.routstr.gateway.domain.pricing.ProviderFee;
import java.util.Optional;

/**
 * An upstream LLM provider the node forwards to (Routstr's {@code upstream_providers} row).
 *
 * @param baseUrl the API root without a trailing slash, e.g. {@code https://api.openai.com/v1}
 * @param apiKey the provider's credential; empty for keyless local servers (Ollama, vLLM)
 * @param fee the mark-up applied to every price of this provider's models
 * @param apiVersion Azure's {@code api-version}; empty for other types
 */
public record UpstreamProvider(
        ProviderId id,
        ProviderType type,
        String baseUrl,
        Optional<ProviderSecret> apiKey,
        ProviderFee fee,
        boolean enabled,
        Optional<String> apiVersion) {

    public UpstreamProvider {
        Components.requireNonNull(UpstreamProvider.class, id, type, baseUrl, apiKey, fee, apiVersion);
        if (!baseUrl.startsWith("http://") && !baseUrl.startsWith("https://")) {
            throw new IllegalArgumentException("a provider base url is http(s): " + baseUrl);
        }
        while (baseUrl.endsWith("/")) {
            baseUrl = baseUrl.substring(0, baseUrl.length() - 1);
        }
    }

    /** A short label for logs and metrics: the type and host, never the key. */
    public String label() {
        // Plain prefix checks, not a regular expression: metrics and charges ask for the label on every request.
        String host = baseUrl.startsWith("https://")
                ? baseUrl.substring("https://".length())
                : baseUrl.startsWith("http://") ? baseUrl.substring("http://".length()) : baseUrl;
        int slash = host.indexOf('/');
        return type.wireName() + ":" + (slash < 0 ? host : host.substring(0, slash));
    }
}
