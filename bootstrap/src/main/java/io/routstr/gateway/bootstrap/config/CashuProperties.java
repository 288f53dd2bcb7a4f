package io.routstr.gateway.bootstrap.config;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Trusted mints ({@code CASHU_MINTS}, comma separated) and the primary mint and unit ({@code PRIMARY_MINT_URL},
 * {@code PRIMARY_MINT_UNIT}); the primary mint defaults to the first trusted mint.
 */
@ConfigurationProperties("routstr.cashu")
public record CashuProperties(
        @DefaultValue List<String> mints,
        @DefaultValue("") String primaryMintUrl,
        @DefaultValue("sat") String primaryMintUnit) {

    public String effectivePrimaryMintUrl() {
        if (!primaryMintUrl.isBlank()) {
            return primaryMintUrl;
        }
        return mints.stream().filter(m -> !m.isBlank()).findFirst().orElse("https://mint.minibits.cash/Bitcoin");
    }
}
