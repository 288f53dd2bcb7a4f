package io.routstr.gateway.rest.admin;

import io.routstr.gateway.application.port.in.admin.AdminTokensUseCase.TokenView;
import io.routstr.gateway.application.port.in.wallet.ViewWalletBalancesUseCase.MintBalance;
import io.routstr.gateway.domain.admin.InvoiceSummary;
import io.routstr.gateway.domain.admin.OwnerWithdrawal;
import io.routstr.gateway.domain.admin.UsageBucket;
import io.routstr.gateway.domain.admin.WalletOperationSummary;
import io.routstr.gateway.domain.ecash.QuoteId;
import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.key.RateLimits;
import io.routstr.gateway.domain.ledger.LedgerBalanceReport;
import io.routstr.gateway.domain.ledger.LedgerEntry;
import io.routstr.gateway.domain.payout.OwnerPayout;
import io.routstr.gateway.domain.provider.PriceOverride;
import io.routstr.gateway.domain.provider.UpstreamProvider;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON shapes of the admin API, in Routstr's snake_case names where Routstr has the field. Nothing here ever
 * carries a secret: providers' keys become {@code has_api_key}, tokens their preview.
 */
final class AdminViews {

    private AdminViews() {}

    static Map<String, Object> key(ApiKey key) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("hashed_key", key.keyHash().value());
        view.put("key_preview", key.keyHash().preview());
        view.put("balance", key.balance().value());
        view.put("reserved_balance", key.reserved().value());
        view.put("total_spent", key.totalSpent().value());
        view.put("total_requests", key.totalRequests());
        view.put("refund_address", key.refundTarget().lightningAddress());
        view.put("refund_mint_url", key.refundTarget().mint().value());
        view.put("refund_currency", key.refundTarget().unit().code());
        view.put("key_expiry_time", epoch(key.refundTarget().refundAfter()));
        view.put("parent_key_id", key.parentId().map(Object::toString).orElse(null));
        view.put("balance_limit", key.balanceLimit().map(l -> l.limit().value()).orElse(null));
        view.put(
                "balance_limit_reset",
                key.balanceLimit().flatMap(l -> l.resetPeriod().toWire()).orElse(null));
        view.put("validity_date", key.validUntil().map(Instant::getEpochSecond).orElse(null));
        view.put("created_at", key.createdAt().getEpochSecond());
        return view;
    }

    static Map<String, Object> rateLimits(RateLimits limits) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put(
                "requests_per_minute",
                limits.requestsPerMinute().isPresent()
                        ? limits.requestsPerMinute().getAsInt()
                        : null);
        view.put(
                "tokens_per_minute",
                limits.tokensPerMinute().isPresent() ? limits.tokensPerMinute().getAsLong() : null);
        view.put(
                "max_concurrent",
                limits.maxConcurrent().isPresent() ? limits.maxConcurrent().getAsInt() : null);
        return view;
    }

    static Map<String, Object> entry(LedgerEntry entry) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", entry.id().toString());
        view.put("type", entry.type().name());
        view.put("key_id", entry.keyId().map(Object::toString).orElse(null));
        view.put("amount_msats", entry.amount().value());
        view.put("reference", entry.reference().orElse(null));
        view.put("created_at", entry.createdAt().getEpochSecond());
        return view;
    }

    static Map<String, Object> provider(UpstreamProvider provider) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", provider.id().value());
        view.put("provider_type", provider.type().wireName());
        view.put("base_url", provider.baseUrl());
        view.put("api_key", provider.apiKey().isPresent() ? "[REDACTED]" : null);
        view.put("has_api_key", provider.apiKey().isPresent());
        view.put("api_version", provider.apiVersion().orElse(null));
        view.put("enabled", provider.enabled());
        view.put("provider_fee", provider.fee().multiplier());
        return view;
    }

    static Map<String, Object> priceOverride(PriceOverride override) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("model_id", override.modelId());
        view.put("prompt", override.prompt());
        view.put("completion", override.completion());
        view.put("request", override.request());
        view.put("cache_read", override.cacheRead().orElse(null));
        view.put("cache_write", override.cacheWrite().orElse(null));
        view.put("enabled", override.enabled());
        return view;
    }

    static Map<String, Object> balance(MintBalance balance) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("mint_url", balance.mint().value());
        view.put("unit", balance.unit().code());
        view.put("wallet_balance", balance.held());
        view.put("pending_balance", balance.pending());
        view.put("user_balance_msats", balance.liabilities().value());
        view.put("owner_balance", balance.ownerFunds());
        return view;
    }

    static Map<String, Object> invariant(LedgerBalanceReport report) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("holds", report.holds());
        view.put("discrepancy_msats", report.discrepancy());
        view.put("sum_of_balances_msats", report.sumOfBalances());
        view.put("expected_balances_msats", report.expectedBalances());
        view.put("sum_of_reserved_msats", report.sumOfReserved());
        Map<String, Long> totals = new LinkedHashMap<>();
        report.totalsByType().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> totals.put(e.getKey().name(), e.getValue()));
        view.put("totals_by_type_msats", totals);
        return view;
    }

    static Map<String, Object> usage(UsageBucket bucket) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("start", bucket.start().toString());
        view.put("requests", bucket.requests());
        view.put("failed_requests", bucket.failed());
        view.put("spent_msats", bucket.spent().value());
        view.put("deposited_msats", bucket.deposited().value());
        view.put("paid_back_msats", bucket.paidBack().value());
        return view;
    }

    static Map<String, Object> invoice(InvoiceSummary invoice) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", invoice.id());
        view.put("mint_url", invoice.mint().value());
        view.put("amount_sats", invoice.amountSats());
        view.put("purpose", invoice.purpose().toLowerCase(java.util.Locale.ROOT));
        view.put("status", invoice.state().toLowerCase(java.util.Locale.ROOT));
        view.put("created_at", invoice.createdAt().getEpochSecond());
        view.put("expires_at", invoice.expiresAt().getEpochSecond());
        view.put("paid_at", invoice.paidAt().map(Instant::getEpochSecond).orElse(null));
        return view;
    }

    /** A payout of owner funds, in the history with its direction as Routstr's lightning invoices now are. */
    static Map<String, Object> payout(OwnerPayout payout) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", payout.id().value().toString());
        view.put("direction", payout.direction());
        view.put("mint_url", payout.mint().value());
        view.put("unit", payout.unit().code());
        view.put("amount_msats", payout.amount().value());
        view.put("lightning_address", payout.lightningAddress());
        view.put("status", payout.status().name().toLowerCase(java.util.Locale.ROOT));
        view.put("quote_id", payout.quoteId().map(QuoteId::value).orElse(null));
        view.put("created_at", payout.createdAt().getEpochSecond());
        view.put("updated_at", payout.updatedAt().getEpochSecond());
        return view;
    }

    static Map<String, Object> operation(WalletOperationSummary operation) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", operation.id().toString());
        view.put("kind", operation.kind().toLowerCase(java.util.Locale.ROOT));
        view.put("mint_url", operation.mint().value());
        view.put("unit", operation.unit().code());
        view.put("status", operation.state().toLowerCase(java.util.Locale.ROOT));
        view.put("settled_amount", operation.settledAmount());
        view.put("created_at", operation.createdAt().getEpochSecond());
        view.put("updated_at", operation.updatedAt().getEpochSecond());
        return view;
    }

    static Map<String, Object> withdrawal(OwnerWithdrawal withdrawal) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", withdrawal.id().toString());
        view.put("mint_url", withdrawal.mint().value());
        view.put("unit", withdrawal.unit().code());
        view.put("amount", withdrawal.amount());
        view.put("destination", withdrawal.destination().name().toLowerCase(java.util.Locale.ROOT));
        view.put("status", withdrawal.state().name().toLowerCase(java.util.Locale.ROOT));
        view.put("detail", withdrawal.detail().orElse(null));
        view.put("created_at", withdrawal.createdAt().getEpochSecond());
        return view;
    }

    static Map<String, Object> token(TokenView token) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", token.id().toString());
        view.put("name", token.name());
        view.put("token_preview", token.preview());
        view.put("created_at", token.createdAt().getEpochSecond());
        view.put("expires_at", token.expiresAt().map(Instant::getEpochSecond).orElse(null));
        view.put("revoked_at", token.revokedAt().map(Instant::getEpochSecond).orElse(null));
        view.put("last_used_at", token.lastUsedAt().map(Instant::getEpochSecond).orElse(null));
        return view;
    }

    static Long epoch(Instant instant) {
        return instant == null ? null : instant.getEpochSecond();
    }
}
