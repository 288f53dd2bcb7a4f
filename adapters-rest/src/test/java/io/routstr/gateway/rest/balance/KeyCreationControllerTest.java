package io.routstr.gateway.rest.balance;

import static io.routstr.gateway.rest.error.ErrorSlice.balanceError;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;

import io.routstr.gateway.application.port.in.payment.OpenKeyWithTokenUseCase.TokenKeyOutcome;
import io.routstr.gateway.domain.ecash.RedemptionFailure;
import io.routstr.gateway.rest.error.ErrorSlice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Every error of {@code /v1/balance/create} on the wire, and with it Routstr's redemption taxonomy (reference §11):
 * each {@link RedemptionFailure} answers its own status, type and code.
 */
class KeyCreationControllerTest {

    private final BalanceSlice slice = new BalanceSlice();
    private final MockMvc mvc = ErrorSlice.of(new KeyCreationController(slice.openWithToken()));

    @Test
    void aTokenThatIsNotCashu_answers400InvalidCashuToken() throws Exception {
        mvc.perform(post("/v1/balance/create")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"initial_balance_token\":\"not a token at all\"}"))
                .andExpect(balanceError(HttpStatus.BAD_REQUEST, "invalid_token", "invalid_cashu_token", false));
    }

    @Test
    void noTokenInTheQuery_answers400InvalidCashuToken() throws Exception {
        mvc.perform(get("/v1/wallet/create"))
                .andExpect(balanceError(HttpStatus.BAD_REQUEST, "invalid_token", "invalid_cashu_token", false));
    }

    @ParameterizedTest(name = "{0} answers {1} {2}/{3}")
    @CsvSource({
        "ALREADY_SPENT,      400, token_already_spent,         cashu_token_already_spent",
        "INVALID_TOKEN,      400, invalid_token,               invalid_cashu_token",
        "ZERO_VALUE,         400, cashu_error,                 cashu_token_zero_value",
        "WRONG_UNIT,         400, cashu_error,                 cashu_token_redemption_failed",
        "FAILED,             400, cashu_error,                 cashu_token_redemption_failed",
        "FEES_EXCEED_AMOUNT, 422, mint_error,                  cashu_token_swap_fees_exceed_amount",
        "MINT_UNREACHABLE,   503, mint_unreachable,            cashu_mint_unreachable",
        "MINT_RATE_LIMITED,  503, mint_rate_limited,           cashu_mint_rate_limited",
        "UNTRUSTED_MINT,     400, untrusted_mint,              cashu_untrusted_source_mint",
        "MINT_MISMATCH,      400, cashu_error,                 cashu_token_mint_mismatch",
        "TOO_MANY_PROOFS,    413, invalid_token,               cashu_token_too_many_proofs",
        "OUTCOME_UNKNOWN,    503, token_consumed,              cashu_token_consumed",
    })
    void aRejectedToken_answersRoutstrsStatusTypeAndCode(
            RedemptionFailure failure, int status, String type, String code) throws Exception {
        slice.tokenOutcome = new TokenKeyOutcome.Rejected(failure, failure.clientMessage());

        mvc.perform(post("/v1/balance/create")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"initial_balance_token\":\"" + BalanceSlice.TOKEN + "\"}"))
                .andExpect(balanceError(HttpStatus.valueOf(status), type, code, false));
    }

    @Test
    void aTokenBeingRedeemedByAnotherRequest_answers503WithRetryAfter() throws Exception {
        slice.tokenOutcome = new TokenKeyOutcome.Busy();

        mvc.perform(get("/v1/balance/create").param("initial_balance_token", BalanceSlice.TOKEN))
                .andExpect(balanceError(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "mint_unreachable",
                        "cashu_token_redemption_in_progress",
                        false))
                .andExpect(header().string("Retry-After", "1"));
    }

    @Test
    void aBodyThatIsNotJson_answers400InvalidJson() throws Exception {
        mvc.perform(post("/v1/balance/create")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{not json"))
                .andExpect(ErrorSlice.openAiError(HttpStatus.BAD_REQUEST, "invalid_request_error", "invalid_json"));
    }

    @Test
    void aValidityDateNoClockCanHold_answers400InvalidRequest_notAFault() throws Exception {
        slice.tokenOutcome = new TokenKeyOutcome.Busy();

        mvc.perform(get("/v1/balance/create")
                        .param("initial_balance_token", BalanceSlice.TOKEN)
                        .param("validity_date", Long.toString(Long.MAX_VALUE)))
                .andExpect(ErrorSlice.openAiError(HttpStatus.BAD_REQUEST, "invalid_request_error", "invalid_request"));
    }

    @Test
    void aNegativeBalanceLimit_answers400InvalidRequest() throws Exception {
        mvc.perform(get("/v1/balance/create")
                        .param("initial_balance_token", BalanceSlice.TOKEN)
                        .param("balance_limit", "-1"))
                .andExpect(ErrorSlice.openAiError(HttpStatus.BAD_REQUEST, "invalid_request_error", "invalid_request"));
    }
}
