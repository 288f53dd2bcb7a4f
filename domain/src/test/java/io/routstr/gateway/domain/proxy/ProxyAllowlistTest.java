package io.routstr.gateway.domain.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProxyAllowlistTest {

    @Test
    void theKnownEndpointsAreAllowedWithOrWithoutV1() {
        ProxyAllowlist allowlist = ProxyAllowlist.knownEndpointsOnly();

        assertThat(allowlist.endpointOf("/v1/chat/completions")).contains(ApiEndpoint.CHAT_COMPLETIONS);
        assertThat(allowlist.endpointOf("/chat/completions/")).contains(ApiEndpoint.CHAT_COMPLETIONS);
        assertThat(allowlist.endpointOf("/v1/embeddings")).contains(ApiEndpoint.EMBEDDINGS);
        assertThat(allowlist.endpointOf("/v1/responses")).contains(ApiEndpoint.RESPONSES);
        assertThat(allowlist.endpointOf("/v1/messages")).contains(ApiEndpoint.MESSAGES);
        assertThat(allowlist.endpointOf("/v1/completions")).contains(ApiEndpoint.COMPLETIONS);
    }

    @Test
    void anyOtherPathIsRefusedUnlessTheOperatorAllowsIt() {
        ProxyAllowlist allowlist = ProxyAllowlist.knownEndpointsOnly();

        assertThat(allowlist.endpointOf("/v1/assistants")).isEmpty();
        assertThat(allowlist.endpointOf("/v1/images/generations")).isEmpty();
        assertThat(allowlist.endpointOf("/v1/")).isEmpty();
        assertThat(allowlist.endpointOf("/v1")).isEmpty();
    }

    @Test
    void extraPathsAreForwardedAsOtherEndpoints_inAnyOfTheirSpellings() {
        ProxyAllowlist allowlist = ProxyAllowlist.withExtraPaths(" /v1/images/generations/ ,audio/speech,, ");

        assertThat(allowlist.endpointOf("/v1/images/generations")).contains(ApiEndpoint.OTHER);
        assertThat(allowlist.endpointOf("/V1/Images/Generations")).contains(ApiEndpoint.OTHER);
        assertThat(allowlist.endpointOf("/v1/audio/speech")).contains(ApiEndpoint.OTHER);
        assertThat(allowlist.endpointOf("/v1/images/generations/extra")).isEmpty();
        assertThat(allowlist.endpointOf("/v1/images")).isEmpty();
    }

    @Test
    void anExtraPathEndingInSlashStarAllowsWhatIsBelowIt() {
        ProxyAllowlist allowlist = ProxyAllowlist.withExtraPaths("audio/*");

        assertThat(allowlist.endpointOf("/v1/audio/speech")).contains(ApiEndpoint.OTHER);
        assertThat(allowlist.endpointOf("/v1/audio/voices/list")).contains(ApiEndpoint.OTHER);
        assertThat(allowlist.endpointOf("/v1/audio")).isEmpty();
        assertThat(allowlist.endpointOf("/v1/audio/../assistants")).isEmpty();
        assertThat(allowlist.endpointOf("/v1/audio/%2e%2e/assistants")).isEmpty();
    }

    @Test
    void theUploadEndpointsRoutstrForwardsAreKnownWithoutBeingListed_andBilledPerRequest() {
        ProxyAllowlist allowlist = ProxyAllowlist.withExtraPaths("");

        assertThat(allowlist.endpointOf("/v1/audio/transcriptions")).contains(ApiEndpoint.AUDIO_TRANSCRIPTIONS);
        assertThat(allowlist.endpointOf("audio/translations")).contains(ApiEndpoint.AUDIO_TRANSLATIONS);
        assertThat(allowlist.endpointOf("/v1/images/edits/")).contains(ApiEndpoint.IMAGES_EDITS);
        assertThat(allowlist.endpointOf("/v1/images/variations")).contains(ApiEndpoint.IMAGES_VARIATIONS);
        assertThat(ApiEndpoint.AUDIO_TRANSCRIPTIONS.billedPerRequest()).isTrue();
        assertThat(ApiEndpoint.OTHER.billedPerRequest()).isTrue();
        assertThat(ApiEndpoint.CHAT_COMPLETIONS.billedPerRequest()).isFalse();
    }

    @Test
    void canonicalPathsAreWhatIsForwarded() {
        assertThat(ProxyAllowlist.canonical("/v1/Images/Generations/")).isEqualTo(Optional.of("images/generations"));
        assertThat(ProxyAllowlist.canonical("/v1/a/./b")).isEmpty();
        assertThat(ProxyAllowlist.canonical("/v1/a//b")).isEmpty();
        assertThat(ProxyAllowlist.canonical("/v1/a b")).isEmpty();
    }

    @Test
    void anInvalidOrWholeApiExtraPathIsAConfigurationError() {
        assertThatThrownBy(() -> ProxyAllowlist.withExtraPaths("images/../x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProxyAllowlist.withExtraPaths("/v1/*")).isInstanceOf(IllegalArgumentException.class);
    }
}
