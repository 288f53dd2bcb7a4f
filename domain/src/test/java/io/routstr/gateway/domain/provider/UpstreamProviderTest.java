package io.routstr.gateway.domain.provider;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.domain.pricing.ProviderFee;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UpstreamProviderTest {

    private static UpstreamProvider provider(ProviderType type, String baseUrl) {
        return new UpstreamProvider(
                new ProviderId("p"),
                type,
                baseUrl,
                Optional.of(ProviderSecret.of("sk-upstream-secret")),
                ProviderFee.NONE,
                true,
                Optional.empty());
    }

    @Test
    void theLabelIsTheTypeAndTheHost_withoutSchemePathOrKey() {
        assertThat(provider(ProviderType.OPENAI, "https://api.openai.com/v1").label())
                .isEqualTo("openai:api.openai.com");
        assertThat(provider(ProviderType.GENERIC, "http://127.0.0.1:8080/v1/").label())
                .isEqualTo("generic:127.0.0.1:8080");
        assertThat(provider(ProviderType.GENERIC, "http://localhost").label()).isEqualTo("generic:localhost");
        assertThat(provider(ProviderType.GENERIC, "https://user@host.test/a/b").label())
                .isEqualTo("generic:user@host.test")
                .doesNotContain("sk-upstream-secret");
    }
}
