package io.routstr.gateway.rest.error;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.port.in.proxy.ForwardOutcome;
import io.routstr.gateway.application.port.in.proxy.PaidRequestError;
import io.routstr.gateway.application.port.in.proxy.PaidRequestOutcome;
import io.routstr.gateway.application.port.in.proxy.PaidRequestOutcome.RefusalDetails;
import io.routstr.gateway.application.port.in.proxy.PaidRequestOutcome.Refused;
import io.routstr.gateway.domain.ecash.RedemptionFailure;
import io.routstr.gateway.domain.proxy.UpstreamError;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;

/** The paid request's error catalogue on HTTP: every error has its status, type and code, in one place. */
class PaidRequestErrorsTest {

    private final MockHttpServletRequest request = new MockHttpServletRequest();

    @Test
    void everyErrorOfTheCatalogueHasAStatusATypeAndACode() {
        for (PaidRequestError error : PaidRequestError.values()) {
            ResponseEntity<ApiError> answer = PaidRequestErrors.refused(Refused.of(error, "why"), request);

            assertThat(answer.getStatusCode().isError()).as(error.name()).isTrue();
            assertThat(answer.getBody().error().type()).as(error.name()).isNotBlank();
            assertThat(answer.getBody().error().code()).as(error.name()).isNotBlank();
            assertThat(answer.getBody().requestId()).as(error.name()).isNotBlank();
        }
    }

    @Test
    void aRefusedTokenKeepsRoutstrsTypeCodeAndStatus() {
        ResponseEntity<ApiError> answer = PaidRequestErrors.refused(
                Refused.of(PaidRequestError.of(RedemptionFailure.ALREADY_SPENT), "Token already spent"), request);

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(answer.getBody().error().type()).isEqualTo("token_already_spent");
        assertThat(answer.getBody().error().code()).isEqualTo("cashu_token_already_spent");
    }

    @Test
    void aRateLimitSaysWhenToRetry_inWholeSecondsAndNeverZero() {
        ResponseEntity<ApiError> answer = PaidRequestErrors.refused(
                new Refused(
                        PaidRequestError.RATE_LIMITED,
                        "Rate limit exceeded",
                        Optional.of(new RefusalDetails.RateLimit("requests_per_minute", 1L)),
                        Optional.of(Duration.ofMillis(300)),
                        Optional.empty()),
                request);

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(answer.getHeaders().getFirst("Retry-After")).isEqualTo("1");
        assertThat(answer.getBody().error().details())
                .containsEntry("limit_name", "requests_per_minute")
                .containsEntry("limit", 1L);
    }

    @Test
    void anUpstreamFailureIsWrittenInOpenAisShape_withRoutstrsAdditionsAndTheTokenHandedBack() {
        UpstreamError error = UpstreamError.of("boom", "api_error", "server_error")
                .asUnavailable("The upstream provider is unavailable", 500);

        ResponseEntity<Map<String, Object>> answer = PaidRequestErrors.upstreamFailed(
                new PaidRequestOutcome.UpstreamFailed(
                        new ForwardOutcome.UpstreamFailed(424, error, Optional.empty(), true),
                        Optional.of("cashuBchange")),
                request);

        assertThat(answer.getStatusCode().value()).isEqualTo(424);
        assertThat(answer.getHeaders().getFirst("X-Routstr-Error-Scope")).isEqualTo("upstream");
        assertThat(answer.getBody()).containsKey("request_id");
        assertThat(answer.getBody().get("error"))
                .isEqualTo(Map.of(
                        "message",
                        "boom",
                        "type",
                        "upstream_error",
                        "code",
                        "UPSTREAM_UNAVAILABLE",
                        "upstream_status",
                        500,
                        "refund_token",
                        "cashuBchange"));
    }

    @Test
    void aTokenHandedBackTravelsInTheXCashuHeader() {
        ResponseEntity<ApiError> answer = PaidRequestErrors.refused(
                Refused.of(PaidRequestError.MINT_UNREACHABLE, "Mint service unavailable")
                        .returning(Optional.of("cashuBtoken")),
                request);

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(answer.getHeaders().getFirst("X-Cashu")).isEqualTo("cashuBtoken");
    }
}
