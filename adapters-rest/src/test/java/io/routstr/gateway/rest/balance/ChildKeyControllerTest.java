package io.routstr.gateway.rest.balance;

import static io.routstr.gateway.domain.key.ApiKeyBuilder.anApiKey;
import static io.routstr.gateway.rest.error.ErrorSlice.balanceError;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;

import io.routstr.gateway.application.port.in.key.ChildKeysOutcome;
import io.routstr.gateway.application.port.in.key.ResetChildKeySpendingUseCase.Outcome;
import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.rest.error.ErrorSlice;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/** Every error of {@code /v1/balance/child-key} and {@code /child-key/reset} on the wire (Routstr §2.2). */
class ChildKeyControllerTest {

    private final BalanceSlice slice = new BalanceSlice();
    private ChildKeysOutcome created = new ChildKeysOutcome.ParentIsChild();
    private Outcome reset = Outcome.RESET;
    private final MockMvc mvc =
            ErrorSlice.of(new ChildKeyController(slice.keys(), command -> created, (p, c) -> reset));

    @Test
    void aCountOutOfRange_answers400InvalidCount() throws Exception {
        createChildren("{\"count\":0}")
                .andExpect(balanceError(HttpStatus.BAD_REQUEST, "invalid_request_error", "invalid_count", true));
    }

    @Test
    void withoutAuthorization_answers422MissingApiKey() throws Exception {
        mvc.perform(post("/v1/balance/child-key")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{}"))
                .andExpect(balanceError(
                        HttpStatus.UNPROCESSABLE_ENTITY, "invalid_request_error", "missing_api_key", false));
    }

    @Test
    void aParentWithoutTheCost_answers402InsufficientBalance_namingWhatIsRequiredAndAvailable() throws Exception {
        created = new ChildKeysOutcome.InsufficientBalance(Msats.of(3_000), Msats.of(1_000));

        createChildren("{\"count\":3}")
                .andExpect(
                        balanceError(HttpStatus.PAYMENT_REQUIRED, "insufficient_quota", "insufficient_balance", false))
                .andExpect(jsonPath("$.error.message")
                        .value(org.hamcrest.Matchers.containsString("required to create 3 child keys")));
    }

    @Test
    void aChildCreatingChildren_answers400ChildOfChild() throws Exception {
        created = new ChildKeysOutcome.ParentIsChild();

        createChildren("{}")
                .andExpect(balanceError(HttpStatus.BAD_REQUEST, "invalid_request_error", "child_of_child", true));
    }

    @Test
    void aParentGoneMeanwhile_answers401InvalidApiKey() throws Exception {
        created = new ChildKeysOutcome.UnknownParent();

        createChildren("{}")
                .andExpect(balanceError(HttpStatus.UNAUTHORIZED, "invalid_request_error", "invalid_api_key", false));
    }

    @Test
    void aResetWithoutAChildKey_answers400InvalidRequest() throws Exception {
        resetChild("{}")
                .andExpect(balanceError(HttpStatus.BAD_REQUEST, "invalid_request_error", "invalid_request", true));
    }

    @Test
    void aResetOfAChildKeyNoKeyCouldHave_answers404ChildKeyNotFound_withoutAskingTheUseCase() throws Exception {
        reset = Outcome.RESET;

        resetChild("{\"child_key\":\"sk-" + "x".repeat(300) + "\"}")
                .andExpect(balanceError(HttpStatus.NOT_FOUND, "invalid_request_error", "child_key_not_found", true));
    }

    @Test
    void aResetOfAnUnknownChild_answers404ChildKeyNotFound() throws Exception {
        reset = Outcome.CHILD_NOT_FOUND;

        resetChild(childKeyBody())
                .andExpect(balanceError(HttpStatus.NOT_FOUND, "invalid_request_error", "child_key_not_found", true));
    }

    @Test
    void aResetOfAnotherParentsChild_answers403NotParent() throws Exception {
        reset = Outcome.NOT_THE_PARENT;

        resetChild(childKeyBody())
                .andExpect(balanceError(HttpStatus.FORBIDDEN, "invalid_request_error", "not_parent", true));
    }

    private static String childKeyBody() {
        return "{\"child_key\":\"" + anApiKey().secret().reveal() + "\"}";
    }

    private ResultActions createChildren(String body) throws Exception {
        return mvc.perform(post("/v1/balance/child-key")
                .header("Authorization", slice.bearer)
                .contentType(MediaType.APPLICATION_JSON)
                .content(body));
    }

    private ResultActions resetChild(String body) throws Exception {
        return mvc.perform(post("/v1/balance/child-key/reset")
                .header("Authorization", slice.bearer)
                .contentType(MediaType.APPLICATION_JSON)
                .content(body));
    }
}
