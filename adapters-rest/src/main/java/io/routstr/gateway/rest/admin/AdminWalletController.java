package io.routstr.gateway.rest.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.routstr.gateway.application.port.in.admin.AdminReportsUseCase;
import io.routstr.gateway.application.port.in.admin.WithdrawOwnerFundsUseCase;
import io.routstr.gateway.application.port.in.admin.WithdrawOwnerFundsUseCase.WithdrawCommand;
import io.routstr.gateway.application.port.in.admin.WithdrawOwnerFundsUseCase.WithdrawalOutcome;
import io.routstr.gateway.application.port.in.ledger.CheckLedgerInvariantUseCase;
import io.routstr.gateway.application.port.in.payout.ListOwnerPayoutsUseCase;
import io.routstr.gateway.application.port.in.wallet.ViewWalletBalancesUseCase;
import io.routstr.gateway.domain.admin.UsageBucket;
import io.routstr.gateway.domain.ledger.LedgerEntryType;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import io.routstr.gateway.rest.error.ErrorResponses;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The wallet and the ledger for the operator: balances per mint and unit, owner withdrawals (Routstr's
 * {@code POST /admin/withdraw}), the ledger invariant, transactions, invoices, usage.
 */
@RestController
@Tag(name = "Admin", description = "The operator's API: a session or an admin API token (docs/admin.md)")
class AdminWalletController {

    private final ViewWalletBalancesUseCase balances;
    private final WithdrawOwnerFundsUseCase withdrawals;
    private final CheckLedgerInvariantUseCase invariant;
    private final AdminReportsUseCase reports;
    private final ListOwnerPayoutsUseCase payouts;

    AdminWalletController(
            ViewWalletBalancesUseCase balances,
            WithdrawOwnerFundsUseCase withdrawals,
            CheckLedgerInvariantUseCase invariant,
            AdminReportsUseCase reports,
            ListOwnerPayoutsUseCase payouts) {
        this.balances = balances;
        this.withdrawals = withdrawals;
        this.invariant = invariant;
        this.reports = reports;
        this.payouts = payouts;
    }

    @GetMapping("/admin/api/balances")
    List<Map<String, Object>> balances() {
        return balances.balances().stream().map(AdminViews::balance).toList();
    }

    /**
     * {@code {amount, mint_url, unit = "sat", lightning_address?}}: owner funds only, as a token or to the address. A
     * request beyond the owner funds is 400 {@code insufficient_owner_funds} and moves nothing.
     */
    @PostMapping({"/admin/withdraw", "/admin/api/withdraw"})
    ResponseEntity<?> withdraw(@RequestBody JsonNode body, HttpServletRequest request) {
        JsonNode json = AdminRequests.object(body);
        long amount = AdminRequests.nullableLong(json, "amount")
                .flatMap(v -> v)
                .orElseThrow(() -> new IllegalArgumentException("amount is required"));
        if (amount <= 0) {
            return ErrorResponses.of(
                    HttpStatus.BAD_REQUEST,
                    "Amount must be positive",
                    "invalid_request_error",
                    "invalid_amount",
                    request);
        }
        MintUrl mint = AdminRequests.text(json, "mint_url")
                .map(MintUrl::of)
                .orElseGet(() -> balances.balances().stream()
                        .map(ViewWalletBalancesUseCase.MintBalance::mint)
                        .findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("mint_url is required")));
        CurrencyUnit unit = CurrencyUnit.of(AdminRequests.text(json, "unit").orElse("sat"));
        WithdrawalOutcome outcome = withdrawals.withdraw(
                new WithdrawCommand(mint, unit, amount, AdminRequests.text(json, "lightning_address")));
        return switch (outcome) {
            case WithdrawalOutcome.Paid paid -> {
                Map<String, Object> answer = new LinkedHashMap<>();
                answer.put("token", paid.token().orElse(null));
                answer.put("mint_url", paid.mint().value());
                answer.put("unit", paid.unit().code());
                answer.put("amount", paid.amount());
                yield ResponseEntity.ok().header("Cache-Control", "no-store").body(answer);
            }
            case WithdrawalOutcome.InsufficientOwnerFunds short_ ->
                ErrorResponses.of(
                        HttpStatus.BAD_REQUEST,
                        "Insufficient owner funds: " + short_.available() + " " + unit.code()
                                + " can be withdrawn at this mint; customer balances stay in the wallet",
                        "invalid_request_error",
                        "insufficient_owner_funds",
                        request);
            case WithdrawalOutcome.Failed failed ->
                ErrorResponses.of(
                        HttpStatus.BAD_GATEWAY,
                        "Withdrawal failed: nothing was paid",
                        "mint_error",
                        "withdrawal_failed",
                        request);
            case WithdrawalOutcome.Unknown unknown ->
                ErrorResponses.of(
                        HttpStatus.ACCEPTED,
                        "The mint has not confirmed the withdrawal; its amount stays claimed",
                        "mint_error",
                        "withdrawal_unconfirmed",
                        request);
        };
    }

    @GetMapping("/admin/api/withdrawals")
    List<Map<String, Object>> withdrawals(@RequestParam(defaultValue = "50") int limit) {
        return reports.withdrawals(limit).stream().map(AdminViews::withdrawal).toList();
    }

    /** Payouts of owner funds to {@code RECEIVE_LN_ADDRESS}, newest first, each with its direction (outgoing). */
    @GetMapping("/admin/api/payouts")
    List<Map<String, Object>> payouts(@RequestParam(defaultValue = "50") int limit) {
        return payouts.recent(Math.clamp(limit, 1, 500)).stream()
                .map(AdminViews::payout)
                .toList();
    }

    @GetMapping("/admin/api/ledger/invariant")
    Map<String, Object> invariant() {
        return AdminViews.invariant(invariant.check());
    }

    @GetMapping("/admin/api/transactions")
    List<Map<String, Object>> transactions(
            @RequestParam Optional<String> type,
            @RequestParam(defaultValue = "50") int limit,
            @RequestParam(defaultValue = "0") int offset) {
        Optional<LedgerEntryType> entryType = type.filter(t -> !t.isBlank())
                .map(t -> LedgerEntryType.valueOf(t.strip().toUpperCase(Locale.ROOT)));
        return reports.transactions(entryType, limit, offset).stream()
                .map(AdminViews::entry)
                .toList();
    }

    /** The wallet's Cashu operations: receives, sends, melts and mints, with their state. */
    @GetMapping("/admin/api/cashu-operations")
    List<Map<String, Object>> cashuOperations(
            @RequestParam(defaultValue = "50") int limit, @RequestParam(defaultValue = "0") int offset) {
        return reports.cashuOperations(limit, offset).stream()
                .map(AdminViews::operation)
                .toList();
    }

    @GetMapping("/admin/api/lightning-invoices")
    List<Map<String, Object>> invoices(
            @RequestParam Optional<String> status,
            @RequestParam(defaultValue = "50") int limit,
            @RequestParam(defaultValue = "0") int offset) {
        return reports
                .invoices(status.filter(s -> !s.isBlank()).map(s -> s.strip().toUpperCase(Locale.ROOT)), limit, offset)
                .stream()
                .map(AdminViews::invoice)
                .toList();
    }

    /** Requests, failures, spend, deposits and paybacks per hour ({@code interval=hour}) or day, from the ledger. */
    @GetMapping("/admin/api/usage/metrics")
    List<Map<String, Object>> usage(
            @RequestParam(defaultValue = "hour") String interval, @RequestParam(defaultValue = "24") int span) {
        UsageBucket.Granularity granularity = switch (interval.strip().toLowerCase(Locale.ROOT)) {
            case "hour", "hourly" -> UsageBucket.Granularity.HOUR;
            case "day", "daily" -> UsageBucket.Granularity.DAY;
            default -> throw new IllegalArgumentException("interval is hour or day");
        };
        return reports.usage(granularity, span).stream().map(AdminViews::usage).toList();
    }
}
