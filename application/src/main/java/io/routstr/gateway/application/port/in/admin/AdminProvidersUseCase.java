package io.routstr.gateway.application.port.in.admin;

import io.routstr.gateway.domain.Components;
import io.routstr.gateway.domain.pricing.ProviderFee;
import io.routstr.gateway.domain.provider.PriceOverride;
import io.routstr.gateway.domain.provider.ProviderId;
import io.routstr.gateway.domain.provider.ProviderSecret;
import io.routstr.gateway.domain.provider.ProviderType;
import io.routstr.gateway.domain.provider.UpstreamProvider;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Use case: the operator's upstream providers and model prices: add, edit, rotate a key, disable, override a price.
 * Every change rebuilds the model routes at once (Routstr §9: admin mutations re-initialise the upstreams).
 */
public interface AdminProvidersUseCase {

    List<UpstreamProvider> providers();

    UpstreamProvider add(NewProviderCommand command);

    /** False when there is no such provider. */
    boolean edit(ProviderId id, EditProviderCommand command);

    List<PriceOverride> priceOverrides();

    void overridePrice(PriceOverride override);

    /** A provider to add; the base URL defaults to the type's. */
    record NewProviderCommand(
            ProviderType type,
            String baseUrl,
            Optional<ProviderSecret> apiKey,
            ProviderFee fee,
            boolean enabled,
            Optional<String> apiVersion) {
        public NewProviderCommand {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(apiKey, "api key");
            Objects.requireNonNull(fee, "fee");
            Objects.requireNonNull(apiVersion, "api version");
            baseUrl = baseUrl == null || baseUrl.isBlank() ? type.defaultBaseUrl() : baseUrl.strip();
            ProviderUrls.requireHttp(baseUrl);
        }
    }

    /** What to change; an empty field is left as it is; a present {@code apiKey} rotates the key. */
    record EditProviderCommand(
            Optional<String> baseUrl,
            Optional<ProviderSecret> apiKey,
            Optional<ProviderFee> fee,
            Optional<Boolean> enabled,
            Optional<String> apiVersion) {
        public EditProviderCommand {
            Components.requireNonNull(EditProviderCommand.class, baseUrl, apiKey, fee, enabled, apiVersion);
            baseUrl = baseUrl.map(String::strip).filter(url -> !url.isEmpty());
            baseUrl.ifPresent(ProviderUrls::requireHttp);
        }
    }

    /** The one rule for a provider's address. */
    final class ProviderUrls {
        private ProviderUrls() {}

        static void requireHttp(String url) {
            if (!(url.startsWith("http://") || url.startsWith("https://")) || url.length() > 1024) {
                throw new IllegalArgumentException(
                        "a provider's base URL is an http(s) URL of at most 1024 characters");
            }
        }
    }
}
