package io.routstr.gateway.rest.lightning;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.routstr.gateway.application.port.in.lightning.CheckLightningInvoiceUseCase;
import io.routstr.gateway.application.port.in.lightning.CreateLightningInvoiceUseCase;
import io.routstr.gateway.application.port.in.lightning.CreateLightningInvoiceUseCase.CreateInvoiceCommand;
import io.routstr.gateway.application.port.in.lightning.CreateLightningInvoiceUseCase.InvoiceOutcome;
import io.routstr.gateway.application.port.in.lightning.LightningInvoiceView;
import io.routstr.gateway.application.port.in.lightning.RecoverLightningInvoiceUseCase;
import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.key.ApiKeySecret;
import io.routstr.gateway.domain.key.BalanceLimit;
import io.routstr.gateway.domain.key.LimitResetPeriod;
import io.routstr.gateway.domain.lightning.LightningInvoice;
import io.routstr.gateway.domain.lightning.LightningInvoice.Purpose;
import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.rest.auth.BearerCredential;
import io.routstr.gateway.rest.auth.BearerKeyResolver;
import io.routstr.gateway.rest.auth.BearerKeyResolver.Resolution;
import io.routstr.gateway.rest.balance.BalanceErrors;
import io.routstr.gateway.rest.balance.BalanceRequests;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Lightning invoices that create or top up keys (Routstr §2.3), under {@code /lightning} and the legacy
 * {@code /v1/balance/lightning}. The invoice id is the capability: its status reveals a newly created key, never the
 * key a top-up credits.
 */
@RestController
@Tag(name = "Lightning", description = "Pay a Lightning invoice to create or top up a key")
record LightningController(
        CreateLightningInvoiceUseCase create,
        CheckLightningInvoiceUseCase check,
        RecoverLightningInvoiceUseCase recover,
        BearerKeyResolver keys) {

    @Schema(name = "InvoiceRequest")
    record InvoiceRequest(
            @JsonProperty("amount_sats") Long amountSats,
            String purpose,
            @JsonProperty("api_key") String apiKey,
            @JsonProperty("balance_limit") Long balanceLimit,
            @JsonProperty("balance_limit_reset") String balanceLimitReset,
            @JsonProperty("validity_date") Long validityDate) {}

    @Schema(name = "Invoice")
    record InvoiceResponse(
            @JsonProperty("invoice_id") String invoiceId,
            String bolt11,
            @JsonProperty("amount_sats") long amountSats,
            @JsonProperty("expires_at") long expiresAt,
            @JsonProperty("payment_hash") String paymentHash) {}

    @Schema(name = "InvoiceStatus")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record StatusResponse(
            String status,
            @JsonProperty("api_key") String apiKey,
            @JsonProperty("amount_sats") long amountSats,
            @JsonProperty("paid_at") Long paidAt,
            @JsonProperty("created_at") long createdAt,
            @JsonProperty("expires_at") long expiresAt) {

        static StatusResponse from(LightningInvoiceView view) {
            LightningInvoice invoice = view.invoice();
            return new StatusResponse(
                    invoice.state().name().toLowerCase(Locale.ROOT),
                    view.createdKey().map(ApiKeySecret::reveal).orElse(null),
                    invoice.amountSats(),
                    invoice.paidAt().map(Instant::getEpochSecond).orElse(null),
                    invoice.createdAt().getEpochSecond(),
                    invoice.expiresAt().getEpochSecond());
        }
    }

    /**
     * {@code invoice_id} is optional: without it the payment is credited and its status shown, but not the key a
     * create invoice opened, since a BOLT11 string is seen by the payer, its wallet and anyone shown its QR code.
     */
    @Schema(name = "RecoverRequest")
    record RecoverRequest(
            String bolt11, @JsonProperty("invoice_id") String invoiceId) {}

    @Operation(
            summary = "Create a Lightning invoice",
            description = "purpose=create (default, no auth) opens a new key when paid; purpose=topup credits the key "
                    + "in Authorization (header wins over the deprecated body api_key).",
            security = {@SecurityRequirement(name = "apiKey")})
    @PostMapping(
            path = {"/lightning/invoice", "/v1/balance/lightning/invoice"},
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> createInvoice(
            @RequestHeader(name = "Authorization", required = false) Optional<String> authorization,
            @RequestBody InvoiceRequest body,
            HttpServletRequest request) {
        if (body.amountSats() == null
                || body.amountSats() < 1
                || body.amountSats() > LightningInvoice.MAX_AMOUNT_SATS) {
            return BalanceErrors.plain(
                    HttpStatus.UNPROCESSABLE_ENTITY,
                    "amount_sats must be between 1 and " + LightningInvoice.MAX_AMOUNT_SATS,
                    "invalid_request_error",
                    "invalid_amount",
                    request);
        }
        String purposeText =
                body.purpose() == null ? "create" : body.purpose().strip().toLowerCase(Locale.ROOT);
        Purpose purpose;
        switch (purposeText) {
            case "create" -> purpose = Purpose.CREATE;
            case "topup" -> purpose = Purpose.TOPUP;
            default -> {
                return BalanceErrors.plain(
                        HttpStatus.UNPROCESSABLE_ENTITY,
                        "purpose must be 'create' or 'topup'",
                        "invalid_request_error",
                        "invalid_purpose",
                        request);
            }
        }
        Optional<ApiKey> key = Optional.empty();
        if (purpose == Purpose.TOPUP) {
            Optional<String> credential = authorization
                    .filter(h -> !h.isBlank())
                    .or(() -> Optional.ofNullable(body.apiKey()).map(k -> "Bearer " + k));
            if (credential.isEmpty()) {
                return BalanceErrors.plain(
                        HttpStatus.UNAUTHORIZED,
                        "A top-up needs the key: Authorization: Bearer sk-...",
                        "invalid_request_error",
                        "missing_api_key",
                        request);
            }
            if (!(BearerCredential.parse(credential) instanceof BearerCredential.Key)) {
                return BalanceErrors.plain(
                        HttpStatus.BAD_REQUEST,
                        "A top-up needs an sk- API key",
                        "invalid_request_error",
                        "invalid_api_key",
                        request);
            }
            if (!(keys.resolve(credential, false) instanceof Resolution.Resolved resolved)) {
                return BalanceErrors.plain(
                        HttpStatus.NOT_FOUND, "API key not found", "invalid_request_error", "key_not_found", request);
            }
            key = Optional.of(resolved.key());
        }
        Optional<BalanceLimit> limit = Optional.ofNullable(body.balanceLimit())
                .filter(l -> l >= 0)
                .map(l -> BalanceLimit.of(Msats.of(l), LimitResetPeriod.fromWire(body.balanceLimitReset())));
        InvoiceOutcome outcome = create.create(new CreateInvoiceCommand(
                body.amountSats(), purpose, key.map(ApiKey::id), limit, BalanceRequests.validity(body.validityDate())));
        return switch (outcome) {
            case InvoiceOutcome.Created created -> {
                LightningInvoice invoice = created.invoice();
                // payment_hash is the BOLT11 invoice's own (Routstr sent the NUT-04 quote id here, and whoever holds a
                // quote id can mint its ecash); the quote id never leaves the node.
                yield ResponseEntity.ok(new InvoiceResponse(
                        created.invoiceId().reveal(),
                        invoice.bolt11(),
                        invoice.amountSats(),
                        invoice.expiresAt().getEpochSecond(),
                        created.paymentHash()));
            }
            case InvoiceOutcome.UnknownKey unknown ->
                BalanceErrors.plain(
                        HttpStatus.NOT_FOUND, "API key not found", "invalid_request_error", "key_not_found", request);
            case InvoiceOutcome.MintUnavailable unavailable ->
                BalanceErrors.plain(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "Failed to create Lightning invoice",
                        "mint_unreachable",
                        "cashu_mint_unreachable",
                        request);
        };
    }

    @Operation(summary = "Status of an invoice; settles it if the mint says it was paid")
    @GetMapping(
            path = {"/lightning/invoice/{invoiceId}/status", "/v1/balance/lightning/invoice/{invoiceId}/status"},
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> status(@PathVariable String invoiceId, HttpServletRequest request) {
        return check.check(invoiceId)
                .<ResponseEntity<?>>map(view -> ResponseEntity.ok(StatusResponse.from(view)))
                .orElseGet(() -> notFound(request));
    }

    @Operation(
            summary = "Find an invoice by its BOLT11 and settle it if paid, even after its grace window",
            description = "The key a create invoice opened is shown only when invoice_id, returned at creation, is "
                    + "given too.")
    @PostMapping(
            path = {"/lightning/recover", "/v1/balance/lightning/recover"},
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> recover(@RequestBody RecoverRequest body, HttpServletRequest request) {
        if (body.bolt11() == null || body.bolt11().isBlank()) {
            return notFound(request);
        }
        return recover.recover(
                        body.bolt11(), Optional.ofNullable(body.invoiceId()).filter(id -> !id.isBlank()))
                .<ResponseEntity<?>>map(view -> ResponseEntity.ok(StatusResponse.from(view)))
                .orElseGet(() -> notFound(request));
    }

    private static ResponseEntity<?> notFound(HttpServletRequest request) {
        return BalanceErrors.plain(
                HttpStatus.NOT_FOUND, "Invoice not found", "invalid_request_error", "invoice_not_found", request);
    }
}
