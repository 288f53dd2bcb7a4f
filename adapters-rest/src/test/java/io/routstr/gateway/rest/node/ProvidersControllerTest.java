package io.routstr.gateway.rest.node;

import static io.routstr.gateway.rest.error.ErrorSlice.openAiError;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import io.routstr.gateway.application.port.in.nostr.DiscoverProvidersUseCase;
import io.routstr.gateway.rest.error.ErrorSlice;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.servlet.MockMvc;

/** The errors of {@code GET /v1/providers/} on the wire (Routstr §2.1, §8). */
class ProvidersControllerTest {

    private DiscoverProvidersUseCase.Directory directory = new DiscoverProvidersUseCase.Directory.Disabled();

    private final MockMvc mvc = ErrorSlice.of(new ProvidersController(new DiscoverProvidersUseCase() {
        @Override
        public Directory list(Optional<String> pubkey) {
            return directory;
        }

        @Override
        public int refresh() {
            return 0;
        }
    }));

    @Test
    void whileDiscoveryIsOff_answers404ProviderDiscoveryDisabled() throws Exception {
        directory = new DiscoverProvidersUseCase.Directory.Disabled();

        mvc.perform(get("/v1/providers/"))
                .andExpect(openAiError(HttpStatus.NOT_FOUND, "invalid_request_error", "provider_discovery_disabled"));
    }

    @Test
    void anIncludeJsonThatIsNotABoolean_answers400InvalidRequest_namingTheParameter() throws Exception {
        directory = new DiscoverProvidersUseCase.Directory.Listed(List.of());

        mvc.perform(get("/v1/providers/").param("include_json", "perhaps"))
                .andExpect(openAiError(HttpStatus.BAD_REQUEST, "invalid_request_error", "invalid_request"))
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath("$.error.message")
                        .value("Invalid value for 'include_json'"));
    }

    @Test
    void aPostToTheListing_answers405MethodNotAllowed() throws Exception {
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post("/v1/providers/"))
                .andExpect(openAiError(HttpStatus.METHOD_NOT_ALLOWED, "invalid_request_error", "method_not_allowed"));
    }
}
