package io.routstr.gateway.rest.lightning;

import static io.routstr.gateway.domain.key.ApiKeyBuilder.anApiKey;
import static io.routstr.gateway.rest.error.ErrorSlice.balanceError;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.routstr.gateway.application.port.in.lightning.CreateLightningInvoiceUseCase.InvoiceOutcome;
import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.key.ApiKeyBuilder;
import io.routstr.gateway.rest.auth.BearerKeyResolver;
import io.routstr.gateway.rest.error.ErrorSlice;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/** Every error of the Lightning invoice routes on the wire (Routstr §2.3), under both of their paths. */
class LightningControllerTest {

    private final ApiKeyBuilder keyBuilder = anApiKey();
    private final ApiKey key = keyBuilder.build();
    private InvoiceOutcome created = new InvoiceOutcome.UnknownKey();

    private final MockMvc mvc = ErrorSlice.of(new LightningController(
            command -> created,
            invoiceId -> Optional.empty(),
            (bolt11, invoiceId) -> Optional.empty(),
            new BearerKeyResolver(
                    secret -> secret.equals(keyBuilder.secret()) ? Optional.of(key) : Optional.empty(),
                    (token, limit, validUntil) -> {
                        throw new AssertionError("an invoice never redeems a token");
                    })));

    @Test
    void anAmountOutOfRange_answers422InvalidAmount() throws Exception {
        createInvoice(Optional.empty(), "{\"amount_sats\":0}")
                .andExpect(
                        balanceError(HttpStatus.UNPROCESSABLE_ENTITY, "invalid_request_error", "invalid_amount", true));
    }

    @Test
    void noAmount_answers422InvalidAmount() throws Exception {
        createInvoice(Optional.empty(), "{}")
                .andExpect(
                        balanceError(HttpStatus.UNPROCESSABLE_ENTITY, "invalid_request_error", "invalid_amount", true));
    }

    @Test
    void anUnknownPurpose_answers422InvalidPurpose() throws Exception {
        createInvoice(Optional.empty(), "{\"amount_sats\":100,\"purpose\":\"donate\"}")
                .andExpect(balanceError(
                        HttpStatus.UNPROCESSABLE_ENTITY, "invalid_request_error", "invalid_purpose", true));
    }

    @Test
    void aTopUpWithoutAKey_answers401MissingApiKey() throws Exception {
        createInvoice(Optional.empty(), "{\"amount_sats\":100,\"purpose\":\"topup\"}")
                .andExpect(balanceError(HttpStatus.UNAUTHORIZED, "invalid_request_error", "missing_api_key", true));
    }

    @Test
    void aTopUpOfATokenRatherThanAKey_answers400InvalidApiKey() throws Exception {
        createInvoice(Optional.of("Bearer cashuBnotAKeyButAToken"), "{\"amount_sats\":100,\"purpose\":\"topup\"}")
                .andExpect(balanceError(HttpStatus.BAD_REQUEST, "invalid_request_error", "invalid_api_key", true));
    }

    @Test
    void aTopUpOfAnUnknownKey_answers404KeyNotFound() throws Exception {
        createInvoice(
                        Optional.of("Bearer " + anApiKey().secret().reveal()),
                        "{\"amount_sats\":100,\"purpose\":\"topup\"}")
                .andExpect(balanceError(HttpStatus.NOT_FOUND, "invalid_request_error", "key_not_found", true));
    }

    @Test
    void aTopUpOfAKeyGoneMeanwhile_answers404KeyNotFound() throws Exception {
        created = new InvoiceOutcome.UnknownKey();

        createInvoice(
                        Optional.of("Bearer " + keyBuilder.secret().reveal()),
                        "{\"amount_sats\":100,\"purpose\":\"topup\"}")
                .andExpect(balanceError(HttpStatus.NOT_FOUND, "invalid_request_error", "key_not_found", true));
    }

    @Test
    void anUnreachableMint_answers503CashuMintUnreachable_withoutTheReason() throws Exception {
        created = new InvoiceOutcome.MintUnavailable("connect to http://mint.internal:3338 refused");

        createInvoice(Optional.empty(), "{\"amount_sats\":100}")
                .andExpect(balanceError(
                        HttpStatus.SERVICE_UNAVAILABLE, "mint_unreachable", "cashu_mint_unreachable", true))
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.content()
                        .string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("mint.internal"))));
    }

    @Test
    void theStatusOfAnUnknownInvoice_answers404InvoiceNotFound() throws Exception {
        mvc.perform(get("/lightning/invoice/nope/status"))
                .andExpect(balanceError(HttpStatus.NOT_FOUND, "invalid_request_error", "invoice_not_found", true));
        mvc.perform(get("/v1/balance/lightning/invoice/nope/status"))
                .andExpect(balanceError(HttpStatus.NOT_FOUND, "invalid_request_error", "invoice_not_found", true));
    }

    @Test
    void recoveringWithoutABolt11_answers404InvoiceNotFound() throws Exception {
        mvc.perform(post("/lightning/recover")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{}"))
                .andExpect(balanceError(HttpStatus.NOT_FOUND, "invalid_request_error", "invoice_not_found", true));
    }

    @Test
    void recoveringAnUnknownBolt11_answers404InvoiceNotFound() throws Exception {
        mvc.perform(post("/v1/balance/lightning/recover")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"bolt11\":\"lnbc1unknown\"}"))
                .andExpect(balanceError(HttpStatus.NOT_FOUND, "invalid_request_error", "invoice_not_found", true));
    }

    @Test
    void anInvoiceRequestThatIsNotJson_answers415UnsupportedMediaType() throws Exception {
        mvc.perform(post("/lightning/invoice").contentType(MediaType.TEXT_PLAIN).content("amount_sats=100"))
                .andExpect(ErrorSlice.openAiError(
                        HttpStatus.UNSUPPORTED_MEDIA_TYPE, "invalid_request_error", "unsupported_media_type"));
    }

    @Test
    void aValidityDateNoClockCanHold_answers400InvalidRequest_notAFault() throws Exception {
        created = new InvoiceOutcome.MintUnavailable("not reached");

        createInvoice(Optional.empty(), "{\"amount_sats\":100,\"validity_date\":" + Long.MAX_VALUE + "}")
                .andExpect(ErrorSlice.openAiError(HttpStatus.BAD_REQUEST, "invalid_request_error", "invalid_request"));
    }

    private ResultActions createInvoice(Optional<String> authorization, String body) throws Exception {
        var request = post("/lightning/invoice")
                .contentType(MediaType.APPLICATION_JSON)
                .content(body);
        authorization.ifPresent(value -> request.header("Authorization", value));
        return mvc.perform(request);
    }
}
