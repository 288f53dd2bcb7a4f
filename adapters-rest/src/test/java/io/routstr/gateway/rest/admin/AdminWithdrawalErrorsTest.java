package io.routstr.gateway.rest.admin;

import static io.routstr.gateway.rest.error.ErrorSlice.openAiError;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;

import io.routstr.gateway.application.port.in.admin.WithdrawOwnerFundsUseCase.WithdrawalOutcome;
import io.routstr.gateway.application.port.in.wallet.ViewWalletBalancesUseCase.MintBalance;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.rest.error.ErrorSlice;
import java.util.List;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/**
 * Every error of the owner's withdrawal ({@code POST /admin/withdraw}) on the wire: bad amounts and units are 400
 * before anything moves; the mint's failure is 502, its silence 202 with the amount still claimed.
 */
class AdminWithdrawalErrorsTest {

    private static final MintUrl MINT = MintUrl.of("http://mint.test");

    private WithdrawalOutcome outcome = new WithdrawalOutcome.InsufficientOwnerFunds(0);

    // Only the balances and the withdrawal are reached by these routes.
    private final MockMvc mvc = ErrorSlice.of(
            List.of(),
            List.of(new AdminApiAdvice()),
            new AdminWalletController(
                    () -> List.of(new MintBalance(MINT, CurrencyUnit.SAT, 1_000, 0, Msats.of(500_000), 500)),
                    command -> outcome,
                    null,
                    null,
                    null));

    private ResultActions withdraw(String body) throws Exception {
        return mvc.perform(post("/admin/api/withdraw")
                .contentType(MediaType.APPLICATION_JSON)
                .content(body));
    }

    @Test
    void aNonPositiveAmount_answers400InvalidAmount() throws Exception {
        withdraw("{\"amount\":0}")
                .andExpect(openAiError(HttpStatus.BAD_REQUEST, "invalid_request_error", "invalid_amount"));
    }

    @Test
    void noAmount_answers400InvalidRequest() throws Exception {
        withdraw("{}").andExpect(openAiError(HttpStatus.BAD_REQUEST, "invalid_request_error", "invalid_request"));
    }

    @Test
    void aUnitThatIsNotBitcoin_answers400InvalidRequest() throws Exception {
        withdraw("{\"amount\":10,\"unit\":\"usd\"}")
                .andExpect(openAiError(HttpStatus.BAD_REQUEST, "invalid_request_error", "invalid_request"));
    }

    @Test
    void moreThanTheOwnerFunds_answers400InsufficientOwnerFunds() throws Exception {
        outcome = new WithdrawalOutcome.InsufficientOwnerFunds(500);

        withdraw("{\"amount\":600}")
                .andExpect(openAiError(HttpStatus.BAD_REQUEST, "invalid_request_error", "insufficient_owner_funds"));
    }

    @Test
    void aMintThatRefused_answers502WithdrawalFailed_withoutItsReason() throws Exception {
        outcome = new WithdrawalOutcome.Failed("keyset 00ab unknown at http://mint.internal");

        withdraw("{\"amount\":100}")
                .andExpect(openAiError(HttpStatus.BAD_GATEWAY, "mint_error", "withdrawal_failed"))
                .andExpect(content().string(Matchers.not(Matchers.containsString("mint.internal"))));
    }

    @Test
    void aMintThatDidNotConfirm_answers202WithdrawalUnconfirmed() throws Exception {
        outcome = new WithdrawalOutcome.Unknown("timeout");

        withdraw("{\"amount\":100}")
                .andExpect(openAiError(HttpStatus.ACCEPTED, "mint_error", "withdrawal_unconfirmed"));
    }
}
