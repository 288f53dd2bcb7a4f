package io.routstr.gateway.rest.balance;

import static io.routstr.gateway.rest.error.ErrorSlice.balanceError;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;

import io.routstr.gateway.application.port.in.payment.TopUpWithEcashUseCase.TopUpOutcome;
import io.routstr.gateway.domain.ecash.RedemptionFailure;
import io.routstr.gateway.rest.error.ErrorSlice;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

/** Every error of {@code POST /v1/balance/topup} on the wire (Routstr §2.2). */
class TopUpControllerTest {

    private final BalanceSlice slice = new BalanceSlice();
    private TopUpOutcome outcome = new TopUpOutcome.Busy();
    private final MockMvc mvc = ErrorSlice.of(new TopUpController(slice.keys(), command -> outcome));

    @Test
    void withoutAToken_answers400MissingToken_withTheBareMessageAsDetail() throws Exception {
        mvc.perform(post("/v1/balance/topup").header("Authorization", slice.bearer))
                .andExpect(balanceError(HttpStatus.BAD_REQUEST, "invalid_request_error", "missing_token", true));
    }

    @Test
    void aTokenThatIsNotCashu_answers400InvalidCashuToken() throws Exception {
        mvc.perform(post("/v1/balance/topup")
                        .header("Authorization", slice.bearer)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"cashu_token\":\"definitely-not-ecash\"}"))
                .andExpect(balanceError(HttpStatus.BAD_REQUEST, "invalid_token", "invalid_cashu_token", false));
    }

    @Test
    void withoutAuthorization_answers422MissingApiKey() throws Exception {
        mvc.perform(post("/v1/balance/topup").param("cashu_token", BalanceSlice.TOKEN))
                .andExpect(balanceError(
                        HttpStatus.UNPROCESSABLE_ENTITY, "invalid_request_error", "missing_api_key", false));
    }

    @Test
    void withAnUnknownKey_answers401InvalidApiKey() throws Exception {
        mvc.perform(post("/v1/balance/topup")
                        .header("Authorization", BalanceSlice.unknownKeyBearer())
                        .param("cashu_token", BalanceSlice.TOKEN))
                .andExpect(balanceError(HttpStatus.UNAUTHORIZED, "invalid_request_error", "invalid_api_key", false));
    }

    @Test
    void aTokenAlreadyDeposited_answers400TokenAlreadySpent() throws Exception {
        outcome = new TopUpOutcome.AlreadyDeposited();

        topUp().andExpect(balanceError(
                HttpStatus.BAD_REQUEST, "token_already_spent", "cashu_token_already_spent", false));
    }

    @Test
    void aRejectedToken_answersItsRedemptionFailure() throws Exception {
        outcome = new TopUpOutcome.Rejected(RedemptionFailure.MINT_MISMATCH, "another mint");

        topUp().andExpect(balanceError(HttpStatus.BAD_REQUEST, "cashu_error", "cashu_token_mint_mismatch", false));
    }

    @Test
    void aTokenBeingRedeemedByAnotherRequest_answers503WithRetryAfter() throws Exception {
        outcome = new TopUpOutcome.Busy();

        topUp().andExpect(balanceError(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "mint_unreachable",
                        "cashu_token_redemption_in_progress",
                        false))
                .andExpect(header().string("Retry-After", "1"));
    }

    @Test
    void aKeyGoneBetweenAuthenticationAndTopUp_answers401InvalidApiKey() throws Exception {
        outcome = new TopUpOutcome.UnknownKey();

        topUp().andExpect(balanceError(HttpStatus.UNAUTHORIZED, "invalid_request_error", "invalid_api_key", false));
    }

    private org.springframework.test.web.servlet.ResultActions topUp() throws Exception {
        return mvc.perform(post("/v1/wallet/topup")
                .header("Authorization", slice.bearer)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"cashu_token\":\"" + BalanceSlice.TOKEN + "\"}"));
    }
}
