package io.routstr.gateway.bootstrap.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * The JSON error both containers write for requests they refuse themselves, and how Jetty's refusals map onto it: the
 * same status, type and code a client gets from Tomcat.
 */
class ContainerErrorTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void theBodyIsTheNodesErrorShape_withTheRequestId() throws Exception {
        JsonNode body = json.readTree(ContainerError.forStatus(400).json("id-1"));

        assertThat(body.at("/error/message").asText()).isEqualTo("Bad Request");
        assertThat(body.at("/error/type").asText()).isEqualTo("invalid_request_error");
        assertThat(body.at("/error/code").asText()).isEqualTo("invalid_request");
        assertThat(body.at("/request_id").asText()).isEqualTo("id-1");
    }

    @Test
    void aStatusKeepsItsCode_describedByItsClass() {
        assertThat(ContainerError.forStatus(404))
                .extracting(ContainerError::status, ContainerError::type, ContainerError::code)
                .containsExactly(404, "not_found", "not_found");
        assertThat(ContainerError.forStatus(408))
                .extracting(ContainerError::status, ContainerError::type, ContainerError::code)
                .containsExactly(408, "invalid_request_error", "invalid_request");
        assertThat(ContainerError.forStatus(503))
                .extracting(ContainerError::status, ContainerError::type, ContainerError::code)
                .containsExactly(503, "api_error", "internal_error");
    }

    @Test
    void headersTooLarge_is431_namingTheLimitAndWhatToDoWithTheToken() {
        ContainerError error = ContainerError.headersTooLarge(OptionalInt.of(32768));

        assertThat(error.status()).isEqualTo(431);
        assertThat(error.code()).isEqualTo("request_header_too_large");
        assertThat(error.message()).contains("at most 32768 bytes").contains("fewer proofs");
        assertThat(ContainerError.headersTooLarge(OptionalInt.empty()).message())
                .contains("a limited size");
    }

    @Test
    void jettysRefusalsOfHeadersAndOfARequestLineOverTheLimit_areBoth431_asTomcatAnswersBoth() {
        assertThat(JsonErrorHandler.errorFor(431, OptionalInt.of(32768)))
                .isEqualTo(ContainerError.headersTooLarge(OptionalInt.of(32768)));
        assertThat(JsonErrorHandler.errorFor(414, OptionalInt.of(32768)))
                .isEqualTo(ContainerError.headersTooLarge(OptionalInt.of(32768)));
    }

    @Test
    void jettysOtherRefusals_keepTheirStatus() {
        assertThat(JsonErrorHandler.errorFor(400, OptionalInt.of(32768))).isEqualTo(ContainerError.forStatus(400));
        assertThat(JsonErrorHandler.errorFor(500, OptionalInt.of(32768))).isEqualTo(ContainerError.forStatus(500));
    }
}
