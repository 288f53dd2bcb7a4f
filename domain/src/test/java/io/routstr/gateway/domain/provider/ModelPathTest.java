package io.routstr.gateway.domain.provider;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.domain.pricing.ModelPrice;
import io.routstr.gateway.domain.pricing.ProviderFee;
import io.routstr.gateway.domain.proxy.ModelId;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ModelPathTest {

    private static ModelRoute route(String id, String baseUrl, String upstreamModel) {
        return new ModelRoute(
                ModelId.of("gpt-4o-mini"),
                upstreamModel,
                new UpstreamProvider(
                        new ProviderId(id),
                        ProviderType.GENERIC,
                        baseUrl,
                        Optional.empty(),
                        ProviderFee.of("1.0"),
                        true,
                        Optional.empty()),
                ModelPrice.of(BigDecimal.ONE, BigDecimal.ONE),
                ModelDescription.minimal("gpt-4o-mini"));
    }

    @Test
    void aPublicProviderIsNamedByItsUrlAndModelId_percentEncoded() {
        assertThat(ModelPath.of(route("a", "https://api.example.com/v1", "openai/gpt-4o-mini"))
                        .value())
                .isEqualTo("url=https%3A%2F%2Fapi.example.com%2Fv1&model-id=openai%2Fgpt-4o-mini");
    }

    @Test
    void aProviderOnAPrivateAddressOrAnExplicitPortIsAdvertisedAsLocalhost_yetTwoSuchKeepDistinctPaths() {
        ModelPath privateAddress = ModelPath.of(route("a", "http://10.0.0.5/v1", "m"));
        ModelPath explicitPort = ModelPath.of(route("a", "https://api.example.com:8443/v1", "m"));

        assertThat(privateAddress.value())
                .startsWith("url=http%3A%2F%2Flocalhost%2F")
                .doesNotContain("10.0.0.5");
        assertThat(explicitPort.value())
                .startsWith("url=http%3A%2F%2Flocalhost%2F")
                .doesNotContain("example");
        assertThat(privateAddress).isNotEqualTo(explicitPort);
    }

    @Test
    void aSelectorPinsTheFirstRouteItNames_andNothingWhenItNamesNone() {
        ModelRoute a = route("a", "https://a.example.com/v1", "m");
        ModelRoute b = route("b", "https://b.example.com/v1", "m");

        assertThat(ModelPath.pin(List.of(a, b), ModelPath.of(b).value())).containsExactly(b);
        assertThat(ModelPath.pin(List.of(a, b), "url=elsewhere&model-id=m")).isEmpty();
    }
}
