package io.routstr.gateway.upstream.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.routstr.gateway.domain.pricing.ProviderFee;
import io.routstr.gateway.domain.provider.ProviderId;
import io.routstr.gateway.domain.provider.ProviderType;
import io.routstr.gateway.domain.provider.UpstreamProvider;
import io.routstr.gateway.upstream.fake.FakeOpenAiServer;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A provider's {@code /models}, asked over HTTP. */
class ProviderModelsAdapterTest {

    private final FakeOpenAiServer server = FakeOpenAiServer.start().models("gpt-4o-mini", "openai/gpt-4o");
    private final ProviderModelsAdapter adapter = new ProviderModelsAdapter(new ObjectMapper(), Duration.ofSeconds(2));

    @AfterEach
    void stop() {
        server.close();
    }

    private static UpstreamProvider at(String baseUrl) {
        return new UpstreamProvider(
                new ProviderId("p"),
                ProviderType.GENERIC,
                baseUrl,
                Optional.empty(),
                ProviderFee.of("1.0"),
                true,
                Optional.empty());
    }

    @Test
    void theIdsAProviderListsAreAnswered() {
        assertThat(adapter.listModels(at(server.baseUrl())))
                .hasValueSatisfying(ids -> assertThat(ids).containsExactly("gpt-4o-mini", "openai/gpt-4o"));
    }

    @Test
    void aProviderThatCannotBeReachedAnswersNothing_notAnEmptyList() {
        server.close();

        assertThat(adapter.listModels(at(server.baseUrl()))).isEmpty();
    }
}
