package io.routstr.gateway.rest.balance;

import static io.routstr.gateway.rest.error.ErrorSlice.all;
import static io.routstr.gateway.rest.error.ErrorSlice.balanceError;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.routstr.gateway.application.port.in.key.RefundOutcome;
import io.routstr.gateway.application.port.in.payment.PayPerRequestWithEcashUseCase;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.domain.refund.RefundId;
import io.routstr.gateway.rest.error.ErrorSlice;
import io.routstr.gateway.rest.support.XCashuHeader;
import io.routstr.gateway.rest.support.XCashuHeaders;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.ResultMatcher;

/**
 * Every error of {@code POST /v1/balance/refund} on the wire: a key's refund (Routstr §2.2, with the claim's
 * {@code refund_id} and {@code status} of §17) and the change of an {@code X-Cashu} payment fetched again (§3.3).
 */
class RefundControllerTest {

    private final BalanceSlice slice = new BalanceSlice();
    private final RefundId refundId = RefundId.random();
    private RefundOutcome outcome = new RefundOutcome.NothingToRefund();
    /** Change with DLEQ proofs too long for the response headers, and the same proofs without them. */
    private static final String LONG_CHANGE = "cashuB" + "D".repeat(XCashuHeader.LONGEST_TOKEN);

    private static final String CHANGE_WITHOUT_DLEQ = "cashuBwithoutDleq";

    private PayPerRequestWithEcashUseCase.Recovery recovery = new PayPerRequestWithEcashUseCase.Recovery.NotFound();

    private final MockMvc mvc = ErrorSlice.of(new RefundController(
            slice.resolver(),
            command -> outcome,
            new ScriptedChange(),
            XCashuHeaders.withoutDleq(Map.of(LONG_CHANGE, CHANGE_WITHOUT_DLEQ))));

    @Test
    void withoutAuthorizationOrXCashu_answers422MissingApiKey() throws Exception {
        mvc.perform(post("/v1/balance/refund"))
                .andExpect(balanceError(
                        HttpStatus.UNPROCESSABLE_ENTITY, "invalid_request_error", "missing_api_key", false));
    }

    @Test
    void withAnUnknownKey_answers401KeyNotFound() throws Exception {
        mvc.perform(post("/v1/balance/refund").header("Authorization", BalanceSlice.unknownKeyBearer()))
                .andExpect(balanceError(HttpStatus.UNAUTHORIZED, "invalid_request_error", "key_not_found", false));
    }

    @Test
    void withATokenThatNeverOpenedAKey_answers401KeyNotFound_withoutRedeemingIt() throws Exception {
        mvc.perform(post("/v1/balance/refund").header("Authorization", "Bearer " + BalanceSlice.TOKEN))
                .andExpect(balanceError(HttpStatus.UNAUTHORIZED, "invalid_request_error", "key_not_found", false));
    }

    @Test
    void nothingOnTheKey_answers400NoBalanceToRefund_withRoutstrsLiteralDetail() throws Exception {
        outcome = new RefundOutcome.NothingToRefund();

        refund().andExpect(balanceError(HttpStatus.BAD_REQUEST, "invalid_request_error", "no_balance_to_refund", true))
                .andExpect(jsonPath("$.detail").value("No balance to refund"));
    }

    @Test
    void lessThanTheMintsSmallestUnit_answers400BalanceTooSmall() throws Exception {
        outcome = new RefundOutcome.BalanceTooSmall(Msats.of(999));

        refund().andExpect(balanceError(
                HttpStatus.BAD_REQUEST, "invalid_request_error", "balance_too_small_to_refund", true));
    }

    @Test
    void aChildKey_answers400ChildKeyRefund() throws Exception {
        outcome = new RefundOutcome.ChildKeyCannotRefund();

        refund().andExpect(balanceError(HttpStatus.BAD_REQUEST, "invalid_request_error", "child_key_refund", true));
    }

    @Test
    void requestsInFlight_answer400RefundOngoingRequests() throws Exception {
        outcome = new RefundOutcome.RequestsInFlight();

        refund().andExpect(
                        balanceError(HttpStatus.BAD_REQUEST, "invalid_request_error", "refund_ongoing_requests", true));
    }

    @Test
    void aBalanceChangedMeanwhile_answers409BalanceChanged() throws Exception {
        outcome = new RefundOutcome.BalanceChanged();

        refund().andExpect(balanceError(HttpStatus.CONFLICT, "invalid_request_error", "balance_changed", true));
    }

    @Test
    void aRefundInProgress_answers409WithTheOpenClaim() throws Exception {
        outcome = new RefundOutcome.RefundInProgress(refundId);

        refund().andExpect(claim(HttpStatus.CONFLICT, "refund_in_progress", "open"));
    }

    @Test
    void anUnresolvedEarlierRefund_answers409WithTheUnresolvedClaim() throws Exception {
        outcome = new RefundOutcome.RefundUnresolved(refundId);

        refund().andExpect(claim(HttpStatus.CONFLICT, "refund_unresolved", "unresolved"));
    }

    @Test
    void aPayoutWhoseOutcomeIsUnknown_answers502WithTheUnresolvedClaim() throws Exception {
        outcome = new RefundOutcome.PayoutOutcomeUnknown(refundId, "timeout talking to http://mint.internal:3338");

        refund().andExpect(claim(HttpStatus.BAD_GATEWAY, "refund_outcome_unknown", "unresolved"));
    }

    @Test
    void anUnreachableMint_answers503CashuMintUnreachable_withoutTheReason() throws Exception {
        outcome = new RefundOutcome.PayoutFailed("connect to http://mint.internal:3338 refused", true);

        refund().andExpect(balanceError(
                        HttpStatus.SERVICE_UNAVAILABLE, "mint_unreachable", "cashu_mint_unreachable", true))
                .andExpect(content()
                        .string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("mint.internal"))));
    }

    @Test
    void anyOtherPayoutFailure_answers500RefundFailed_withoutTheReason() throws Exception {
        outcome = new RefundOutcome.PayoutFailed("keyset 00ab not found at http://mint.internal", false);

        refund().andExpect(balanceError(HttpStatus.INTERNAL_SERVER_ERROR, "api_error", "refund_failed", true))
                .andExpect(content()
                        .string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("mint.internal"))));
    }

    @Test
    void proofsTiedUpByAnotherPayout_answer503RefundTemporarilyUnavailable_withRetryAfter() throws Exception {
        outcome = new RefundOutcome.PayoutTemporarilyUnavailable("proofs reserved");

        refund().andExpect(balanceError(
                        HttpStatus.SERVICE_UNAVAILABLE, "api_error", "refund_temporarily_unavailable", true))
                .andExpect(header().string("Retry-After", "1"));
    }

    @Test
    void aKeyGoneMeanwhile_answers401KeyNotFound() throws Exception {
        outcome = new RefundOutcome.UnknownKey();

        refund().andExpect(balanceError(HttpStatus.UNAUTHORIZED, "invalid_request_error", "key_not_found", false));
    }

    @Test
    void theChangeOfAPaymentStillBeingServed_answers425RefundPending_withRetryAfter() throws Exception {
        recovery = new PayPerRequestWithEcashUseCase.Recovery.Pending();

        recoverChange()
                .andExpect(balanceError(HttpStatus.TOO_EARLY, "invalid_request_error", "refund_pending", true))
                .andExpect(header().string("Retry-After", "2"));
    }

    @Test
    void aPaymentWithoutChange_answers410RefundGone() throws Exception {
        recovery = new PayPerRequestWithEcashUseCase.Recovery.NoChange();

        recoverChange().andExpect(balanceError(HttpStatus.GONE, "invalid_request_error", "refund_gone", true));
    }

    @Test
    void anUnknownPaymentToken_answers404RefundNotFound() throws Exception {
        recovery = new PayPerRequestWithEcashUseCase.Recovery.NotFound();

        recoverChange()
                .andExpect(balanceError(HttpStatus.NOT_FOUND, "invalid_request_error", "refund_not_found", true));
    }

    private ResultMatcher claim(HttpStatus status, String code, String claimStatus) {
        return all(
                balanceError(status, "invalid_request_error", code, true),
                jsonPath("$.refund_id").value(refundId.toString()),
                jsonPath("$.status").value(claimStatus));
    }

    private static org.springframework.test.web.servlet.result.ContentResultMatchers content() {
        return org.springframework.test.web.servlet.result.MockMvcResultMatchers.content();
    }

    private ResultActions refund() throws Exception {
        return mvc.perform(post("/v1/wallet/refund").header("Authorization", slice.bearer));
    }

    @Test
    void recoveredChange_answers200WithTheTokenInTheBodyAndTheHeader() throws Exception {
        recovery = new PayPerRequestWithEcashUseCase.Recovery.Found("cashuBchange", Msats.of(5_000), CurrencyUnit.SAT);

        recoverChange()
                .andExpect(status().isOk())
                .andExpect(header().string("X-Cashu", "cashuBchange"))
                .andExpect(jsonPath("$.token").value("cashuBchange"));
    }

    @Test
    void recoveredChangeTooLongForTheHeadersWithItsDleq_goesInTheHeaderWithoutIt_andWholeInTheBody() throws Exception {
        recovery = new PayPerRequestWithEcashUseCase.Recovery.Found(LONG_CHANGE, Msats.of(5_000), CurrencyUnit.SAT);

        recoverChange()
                .andExpect(status().isOk())
                .andExpect(header().string("X-Cashu", CHANGE_WITHOUT_DLEQ))
                .andExpect(jsonPath("$.token").value(LONG_CHANGE));
    }

    @Test
    void recoveredChangeTooLongForTheHeadersEvenWithoutDleq_isInTheBodyOnly() throws Exception {
        String tooLong = "cashuB" + "A".repeat(XCashuHeader.LONGEST_TOKEN);
        recovery = new PayPerRequestWithEcashUseCase.Recovery.Found(tooLong, Msats.of(5_000), CurrencyUnit.SAT);

        recoverChange()
                .andExpect(status().isOk())
                .andExpect(header().doesNotExist("X-Cashu"))
                .andExpect(jsonPath("$.token").value(tooLong));
    }

    private ResultActions recoverChange() throws Exception {
        return mvc.perform(post("/v1/balance/refund").header("X-Cashu", BalanceSlice.TOKEN));
    }

    /** The change recovery the test scripts; paying with a token is not this controller's business. */
    private final class ScriptedChange implements PayPerRequestWithEcashUseCase {
        @Override
        public Payment begin(String token) {
            throw new UnsupportedOperationException("not on the refund route");
        }

        @Override
        public Change finish(String token) {
            throw new UnsupportedOperationException("not on the refund route");
        }

        @Override
        public Change finish(String token, io.routstr.gateway.domain.key.ApiKeyId keyId) {
            throw new UnsupportedOperationException("not on the refund route");
        }

        @Override
        public Recovery recoverChange(String token) {
            return recovery;
        }
    }
}
