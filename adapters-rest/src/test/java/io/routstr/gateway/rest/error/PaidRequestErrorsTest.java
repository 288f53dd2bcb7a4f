package io.routstr.gateway.rest.error;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.port.in.proxy.ForwardOutcome;
import io.routstr.gateway.application.port.in.proxy.PaidRequestError;
import io.routstr.gateway.application.port.in.proxy.PaidRequestOutcome;
import io.routstr.gateway.application.port.in.proxy.PaidRequestOutcome.RefusalDetails;
import io.routstr.gateway.application.port.in.proxy.PaidRequestOutcome.Refused;
import io.routstr.gateway.domain.ecash.RedemptionFailure;
import io.routstr.gateway.domain.proxy.UpstreamError;
import io.routstr.gateway.rest.support.RequestIdFilter;
import io.routstr.gateway.rest.support.XCashuHeader;
import io.routstr.gateway.rest.support.XCashuHeaders;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;

/** The paid request's error catalogue on HTTP: every error has its status, type and code, in one place. */
class PaidRequestErrorsTest {

    private final MockHttpServletRequest request = new MockHttpServletRequest();
    private final PaidRequestErrors errors = new PaidRequestErrors(XCashuHeaders.asTheyAre());

    @Test
    void everyErrorOfTheCatalogueHasAStatusATypeAndACode() {
        for (PaidRequestError error : PaidRequestError.values()) {
            ResponseEntity<ApiError> answer = errors.refused(Refused.of(error, "why"), request);

            assertThat(answer.getStatusCode().isError()).as(error.name()).isTrue();
            assertThat(answer.getBody().error().type()).as(error.name()).isNotBlank();
            assertThat(answer.getBody().error().code()).as(error.name()).isNotBlank();
            assertThat(answer.getBody().requestId()).as(error.name()).isNotBlank();
        }
    }

    @Test
    void aRefusedTokenKeepsRoutstrsTypeCodeAndStatus() {
        ResponseEntity<ApiError> answer = errors.refused(
                Refused.of(PaidRequestError.of(RedemptionFailure.ALREADY_SPENT), "Token already spent"), request);

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(answer.getBody().error().type()).isEqualTo("token_already_spent");
        assertThat(answer.getBody().error().code()).isEqualTo("cashu_token_already_spent");
    }

    @Test
    void aRateLimitSaysWhenToRetry_inWholeSecondsAndNeverZero() {
        ResponseEntity<ApiError> answer = errors.refused(
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

        ResponseEntity<Map<String, Object>> answer = errors.upstreamFailed(
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
    void aBodyNotReceivedInTime_is408_andClosesTheConnection() {
        ResponseEntity<ApiError> answer = errors.refused(
                Refused.of(PaidRequestError.BODY_TIMEOUT, "Request body not received in time."), request);

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.REQUEST_TIMEOUT);
        assertThat(answer.getHeaders().getConnection()).containsExactly("close");
    }

    @Test
    void aTokenHandedBackTravelsInTheXCashuHeader() {
        ResponseEntity<ApiError> answer = errors.refused(
                Refused.of(PaidRequestError.MINT_UNREACHABLE, "Mint service unavailable")
                        .returning(Optional.of("cashuBtoken")),
                request);

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(answer.getHeaders().getFirst("X-Cashu")).isEqualTo("cashuBtoken");
    }

    @Test
    void aTokenHandedBackTooLongForTheResponseHeaders_travelsInTheBody() {
        // A 256-proof token is tens of kilobytes; Tomcat's response headers hold 8 KiB, and a longer header turned the
        // refusal into an empty 500 with the connection closed, the token (or change) with it.
        String longToken = "cashuB" + "A".repeat(XCashuHeader.LONGEST_TOKEN);
        ResponseEntity<ApiError> answer = errors.refused(
                Refused.of(PaidRequestError.MINT_UNREACHABLE, "Mint service unavailable")
                        .returning(Optional.of(longToken)),
                request);

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(answer.getHeaders().containsKey("X-Cashu")).isFalse();
        assertThat(answer.getBody().error().details()).containsEntry("refund_token", longToken);
        assertThat(answer.getBody().error().message()).contains("error.details.refund_token");
    }

    @Test
    void aTokenHandedBackTooLongOnlyWithItsDleq_goesInTheHeaderWithoutIt_andWholeInTheBody() {
        String longToken = "cashuB" + "D".repeat(XCashuHeader.LONGEST_TOKEN);
        PaidRequestErrors shortening =
                new PaidRequestErrors(XCashuHeaders.withoutDleq(Map.of(longToken, "cashuBwithoutDleq")));

        ResponseEntity<ApiError> answer = shortening.refused(
                Refused.of(PaidRequestError.MINT_UNREACHABLE, "Mint service unavailable")
                        .returning(Optional.of(longToken)),
                request);

        assertThat(answer.getHeaders().getFirst("X-Cashu")).isEqualTo("cashuBwithoutDleq");
        assertThat(answer.getBody().error().details()).containsEntry("refund_token", longToken);
        assertThat(answer.getBody().error().message()).contains("without them");
    }

    @Test
    void anUpstreamsFailureWithChangeTooLongForTheHeaders_handsItBackInTheBodyOnly() {
        String longToken = "cashuB" + "A".repeat(XCashuHeader.LONGEST_TOKEN);
        var failed = new ForwardOutcome.UpstreamFailed(
                502, UpstreamError.of("down", "upstream_error", "UPSTREAM_UNAVAILABLE"), Optional.empty(), false);

        ResponseEntity<Map<String, Object>> answer =
                errors.upstreamFailed(new PaidRequestOutcome.UpstreamFailed(failed, Optional.of(longToken)), request);

        assertThat(answer.getHeaders().containsKey("X-Cashu")).isFalse();
        assertThat(answer.getBody().get("error"))
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("refund_token", longToken);
    }

    /** Routstr's wire for each error (reference §11, §7.3, §17): status, OpenAI error type and stable code. */
    private static String expectedWire(PaidRequestError error) {
        return switch (error) {
            case MISSING_API_KEY -> "401 invalid_request_error missing_api_key";
            case INVALID_API_KEY -> "401 invalid_request_error invalid_api_key";
            case KEY_EXPIRED -> "403 invalid_request_error key_expired";
            case CHILD_KEY_REFUND_FORBIDDEN -> "403 invalid_request_error child_key_refund_forbidden";
            case INSUFFICIENT_BALANCE -> "402 insufficient_quota insufficient_balance";
            case BALANCE_LIMIT_EXCEEDED -> "402 insufficient_quota balance_limit_exceeded";
            case MINIMUM_BALANCE_REQUIRED -> "402 minimum_balance_required minimum_balance_required";
            case RATE_LIMITED -> "429 rate_limit_error rate_limit_exceeded";
            case BODY_TOO_LARGE -> "413 invalid_request_error request_too_large";
            case BODY_TIMEOUT -> "408 invalid_request_error request_body_timeout";
            case BODY_UNREADABLE, INVALID_REQUEST -> "400 invalid_request_error invalid_request";
            case INVALID_JSON -> "400 invalid_request_error invalid_json";
            case MODEL_NOT_FOUND -> "400 invalid_model model_not_found";
            case INVALID_KEY_EXPIRY_TIME -> "400 invalid_request_error invalid_key_expiry_time";
            case REFUND_LNURL_REQUIRED -> "400 invalid_request_error refund_lnurl_required";
            case INVALID_REFUND_LNURL -> "400 invalid_request_error invalid_refund_lnurl";
            case PRICE_UNAVAILABLE -> "503 api_error exchange_rate_unavailable";
            case NODE_OVERLOADED -> "503 api_error node_overloaded";
            case TOKEN_BUSY -> "503 mint_unreachable cashu_token_redemption_in_progress";
            case UPSTREAM_REQUEST_FAILED -> "502 upstream_error upstream_request_failed";
            case TOKEN_ALREADY_SPENT -> "400 token_already_spent cashu_token_already_spent";
            case TOKEN_INVALID -> "400 invalid_token invalid_cashu_token";
            case TOKEN_ZERO_VALUE -> "400 cashu_error cashu_token_zero_value";
            case TOKEN_FEES_EXCEED_AMOUNT -> "422 mint_error cashu_token_swap_fees_exceed_amount";
            case TOKEN_UNTRUSTED_MINT -> "400 untrusted_mint cashu_untrusted_source_mint";
            case TOKEN_WRONG_UNIT -> "400 cashu_error cashu_token_redemption_failed";
            case TOKEN_TOO_MANY_PROOFS -> "413 invalid_token cashu_token_too_many_proofs";
            case TOKEN_MINT_MISMATCH -> "400 cashu_error cashu_token_mint_mismatch";
            case MINT_UNREACHABLE -> "503 mint_unreachable cashu_mint_unreachable";
            case MINT_RATE_LIMITED -> "503 mint_rate_limited cashu_mint_rate_limited";
            case TOKEN_OUTCOME_UNKNOWN -> "503 token_consumed cashu_token_consumed";
            case TOKEN_REDEMPTION_FAILED -> "400 cashu_error cashu_token_redemption_failed";
        };
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(PaidRequestError.class)
    void eachErrorAnswersRoutstrsStatusTypeAndCode_withItsMessageAndTheRequestId(PaidRequestError error) {
        request.setAttribute(RequestIdFilter.ATTRIBUTE, "req-1");

        ResponseEntity<ApiError> answer = errors.refused(Refused.of(error, "Why it was refused"), request);

        assertThat(answer.getStatusCode().value()
                        + " " + answer.getBody().error().type()
                        + " " + answer.getBody().error().code())
                .isEqualTo(expectedWire(error));
        assertThat(answer.getBody().error().message()).isEqualTo("Why it was refused");
        assertThat(answer.getBody().requestId()).isEqualTo("req-1");
        assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
        assertThat(answer.getHeaders().containsKey("X-Cashu")).isFalse();
        assertThat(answer.getHeaders().containsKey(PaidRequestErrors.ERROR_SCOPE))
                .as("a refusal is this node's, not the upstream's")
                .isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(PaidRequestError.class)
    void onlyARateLimitSaysWhenToRetry_unlessTheRefusalNamesATime(PaidRequestError error) {
        ResponseEntity<ApiError> answer = errors.refused(Refused.of(error, "why"), request);

        assertThat(answer.getHeaders().getFirst("Retry-After"))
                .isEqualTo(error == PaidRequestError.RATE_LIMITED ? "1" : null);
    }

    @Test
    void aRetryTimeGivenWithAnyRefusal_isSentInWholeSecondsRoundedDown() {
        ResponseEntity<ApiError> answer = errors.refused(
                new Refused(
                        PaidRequestError.PRICE_UNAVAILABLE,
                        "No exchange rate",
                        Optional.empty(),
                        Optional.of(Duration.ofMillis(30_900)),
                        Optional.empty()),
                request);

        assertThat(answer.getHeaders().getFirst("Retry-After")).isEqualTo("30");
        assertThat(answer.getBody().error().details())
                .as("no empty details object")
                .isNull();
    }

    @Test
    void anUpstreamsFailure_isMarkedAsTheUpstreams_keepsItsStatus_andHandsTheTokenBackTwice() {
        request.setAttribute(RequestIdFilter.ATTRIBUTE, "req-2");
        var failed = new ForwardOutcome.UpstreamFailed(
                429, UpstreamError.of("slow down", "rate_limit_error", "rate_limited"), Optional.empty(), false);

        ResponseEntity<Map<String, Object>> answer = errors.upstreamFailed(
                new PaidRequestOutcome.UpstreamFailed(failed, Optional.of("cashuBchange")), request);

        assertThat(answer.getStatusCode().value()).isEqualTo(429);
        assertThat(answer.getHeaders().getFirst(PaidRequestErrors.ERROR_SCOPE)).isEqualTo("upstream");
        assertThat(answer.getHeaders().getFirst("Retry-After")).isEqualTo("1");
        assertThat(answer.getHeaders().getFirst("X-Cashu")).isEqualTo("cashuBchange");
        assertThat(answer.getBody()).containsEntry("request_id", "req-2");
        assertThat(answer.getBody().get("error"))
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("refund_token", "cashuBchange")
                .containsEntry("code", "rate_limited");
    }
}
