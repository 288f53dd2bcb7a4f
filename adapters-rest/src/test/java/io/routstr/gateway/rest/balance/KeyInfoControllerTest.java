package io.routstr.gateway.rest.balance;

import static io.routstr.gateway.domain.key.ApiKeyBuilder.anApiKey;
import static io.routstr.gateway.rest.error.ErrorSlice.balanceError;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;

import io.routstr.gateway.application.port.in.payment.OpenKeyWithTokenUseCase.TokenKeyOutcome;
import io.routstr.gateway.domain.ecash.RedemptionFailure;
import io.routstr.gateway.rest.error.ErrorSlice;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.servlet.MockMvc;

/** Every error of {@code GET /v1/balance/info} and {@code /v1/balance/history} on the wire (Routstr §2.2). */
class KeyInfoControllerTest {

    private final BalanceSlice slice = new BalanceSlice();
    private Optional<io.routstr.gateway.application.port.in.key.DescribeApiKeyUseCase.KeyDescription> description =
            Optional.empty();

    private MockMvc mvc() {
        return ErrorSlice.of(new KeyInfoController(slice.keys(), id -> description, id -> List.of()));
    }

    @Test
    void withoutAuthorization_answers422MissingApiKey_asRoutstrsFastApiDoes() throws Exception {
        mvc().perform(get("/v1/balance/info"))
                .andExpect(balanceError(
                        HttpStatus.UNPROCESSABLE_ENTITY, "invalid_request_error", "missing_api_key", false));
    }

    @Test
    void withAnAuthorizationThatIsNeitherAKeyNorAToken_answers401InvalidApiKey() throws Exception {
        mvc().perform(get("/v1/wallet/info").header("Authorization", "Bearer not-a-key"))
                .andExpect(balanceError(HttpStatus.UNAUTHORIZED, "invalid_request_error", "invalid_api_key", false));
    }

    @Test
    void withAnUnknownKey_answers401InvalidApiKey() throws Exception {
        mvc().perform(get("/v1/balance/info").header("Authorization", BalanceSlice.unknownKeyBearer()))
                .andExpect(balanceError(HttpStatus.UNAUTHORIZED, "invalid_request_error", "invalid_api_key", false));
    }

    @Test
    void aKnownKeyThatCannotBeDescribed_answers401InvalidApiKey() throws Exception {
        mvc().perform(get("/v1/balance/info").header("Authorization", slice.bearer))
                .andExpect(balanceError(HttpStatus.UNAUTHORIZED, "invalid_request_error", "invalid_api_key", false));
    }

    @Test
    void aRejectedTokenAsBearer_answersWithTheRedemptionFailure() throws Exception {
        slice.tokenOutcome = new TokenKeyOutcome.Rejected(RedemptionFailure.ALREADY_SPENT, "Token already spent");

        mvc().perform(get("/v1/balance/info").header("Authorization", "Bearer " + BalanceSlice.TOKEN))
                .andExpect(balanceError(
                        HttpStatus.BAD_REQUEST, "token_already_spent", "cashu_token_already_spent", false));
    }

    @Test
    void aTokenBeingRedeemedByAnotherRequest_answers503WithRetryAfter() throws Exception {
        slice.tokenOutcome = new TokenKeyOutcome.Busy();

        mvc().perform(get("/v1/balance/info").header("Authorization", "Bearer " + BalanceSlice.TOKEN))
                .andExpect(balanceError(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "mint_unreachable",
                        "cashu_token_redemption_in_progress",
                        false))
                .andExpect(header().string("Retry-After", "1"));
    }

    @Test
    void theHistoryOfAChildKey_answers400ChildKeyHistory() throws Exception {
        BalanceSlice child = new BalanceSlice(anApiKey().childOf(anApiKey().build()));
        MockMvc mvc = ErrorSlice.of(new KeyInfoController(child.keys(), id -> Optional.empty(), id -> List.of()));

        mvc.perform(get("/v1/balance/history").header("Authorization", child.bearer))
                .andExpect(balanceError(HttpStatus.BAD_REQUEST, "invalid_request_error", "child_key_history", true));
    }

    @Test
    void theHistoryWithoutAuthorization_answers422MissingApiKey() throws Exception {
        mvc().perform(get("/v1/balance/history"))
                .andExpect(balanceError(
                        HttpStatus.UNPROCESSABLE_ENTITY, "invalid_request_error", "missing_api_key", false));
    }
}
