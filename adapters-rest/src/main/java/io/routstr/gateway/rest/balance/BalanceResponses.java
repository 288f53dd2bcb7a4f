package io.routstr.gateway.rest.balance;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.routstr.gateway.application.port.in.key.DescribeApiKeyUseCase.KeyDescription;
import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.key.BalanceLimit;
import io.routstr.gateway.domain.key.LimitResetPeriod;
import io.routstr.gateway.domain.ledger.LedgerEntry;
import io.routstr.gateway.domain.ledger.LedgerEntryType;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.money.Msats;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** The balance router's response bodies, in Routstr's field names. */
final class BalanceResponses {

    private BalanceResponses() {}

    /** {@code /v1/balance/info}: {@code balance} is what can still be spent (gross minus reserved), in msats. */
    @Schema(name = "BalanceInfo")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Info(
            @JsonProperty("api_key") String apiKey,
            long balance,
            long reserved,
            @JsonProperty("is_child") boolean isChild,
            @JsonProperty("total_requests") long totalRequests,
            @JsonProperty("total_spent") long totalSpent,
            @JsonProperty("balance_limit") Long balanceLimit,
            @JsonProperty("balance_limit_reset") String balanceLimitReset,
            @JsonProperty("validity_date") Long validityDate,
            @JsonProperty("refund_address") String refundAddress,
            @JsonProperty("child_keys") List<ChildKey> childKeys,
            @JsonProperty("parent_key_preview") String parentKeyPreview) {

        static Info from(KeyDescription description, String presentedKey) {
            ApiKey key = description.key();
            ApiKey billing = description.billingKey();
            List<ChildKey> children = description.children().isEmpty()
                    ? null
                    : description.children().stream().map(ChildKey::from).toList();
            return new Info(
                    presentedKey,
                    billing.spendable().value(),
                    billing.reserved().value(),
                    key.isChild(),
                    key.totalRequests(),
                    key.totalSpent().value(),
                    limitOf(key),
                    resetOf(key),
                    validityOf(key),
                    billing.refundTarget().lightningAddress(),
                    children,
                    key.isChild() ? billing.keyHash().preview() : null);
        }
    }

    /**
     * A child key as its parent sees it. Keys are stored hashed, so a child's secret is shown only once, when it is
     * created; here it is identified by a preview of its hash.
     */
    @Schema(name = "ChildKey")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ChildKey(
            @JsonProperty("key_hash_preview") String keyHashPreview,
            @JsonProperty("total_requests") long totalRequests,
            @JsonProperty("total_spent") long totalSpent,
            @JsonProperty("balance_limit") Long balanceLimit,
            @JsonProperty("balance_limit_reset") String balanceLimitReset,
            @JsonProperty("validity_date") Long validityDate) {

        static ChildKey from(ApiKey child) {
            return new ChildKey(
                    child.keyHash().preview(),
                    child.totalRequests(),
                    child.totalSpent().value(),
                    limitOf(child),
                    resetOf(child),
                    validityOf(child));
        }
    }

    @Schema(name = "CreatedKey")
    record Created(@JsonProperty("api_key") String apiKey, long balance) {}

    @Schema(name = "TopUp")
    record ToppedUp(long msats) {}

    /**
     * A refund: {@code sats} for a sat mint, {@code msats} for an msat mint, as strings (Routstr's shape), with the
     * claim's {@code refund_id} and {@code status} (reference §17).
     */
    @Schema(name = "Refund")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Refunded(
            String token,
            String recipient,
            String sats,
            String msats,
            @JsonProperty("refund_id") String refundId,
            String status) {

        static Refunded of(String token, String recipient, Msats amount, CurrencyUnit unit) {
            return of(token, recipient, amount, unit, null, null);
        }

        static Refunded of(
                String token, String recipient, Msats amount, CurrencyUnit unit, String refundId, String status) {
            boolean sat = unit.equals(CurrencyUnit.SAT);
            return new Refunded(
                    token,
                    recipient,
                    sat ? Long.toString(amount.toSatsFloor()) : null,
                    sat ? null : Long.toString(amount.value()),
                    refundId,
                    status);
        }
    }

    @Schema(name = "History")
    record History(List<Transaction> transactions) {}

    /**
     * One ledger movement in Routstr's transaction shape: {@code in} for money arriving on the key, {@code out} for
     * money paid back, the ledger type otherwise; amounts in msats.
     */
    @Schema(name = "Transaction")
    record Transaction(
            String id,
            String type,
            String source,
            long amount,
            String unit,
            @JsonProperty("mint_url") String mintUrl,
            @JsonProperty("created_at") long createdAt,
            boolean collected,
            boolean swept) {

        static Transaction from(LedgerEntry entry) {
            String type = switch (entry.type()) {
                case DEPOSIT, REVERSAL -> "in";
                case REFUND, WITHDRAWAL -> "out";
                default -> entry.type().name().toLowerCase(Locale.ROOT);
            };
            return new Transaction(
                    entry.id().toString(),
                    type,
                    entry.type() == LedgerEntryType.DEPOSIT ? "deposit" : "apikey",
                    entry.amount().value(),
                    "msat",
                    null,
                    entry.createdAt().getEpochSecond(),
                    true,
                    false);
        }
    }

    @Schema(name = "ChildKeys")
    record ChildKeys(
            @JsonProperty("api_keys") List<String> apiKeys,
            int count,
            @JsonProperty("cost_msats") long costMsats,
            @JsonProperty("cost_sats") long costSats,
            @JsonProperty("parent_balance") long parentBalance,
            @JsonProperty("parent_balance_sats") long parentBalanceSats) {}

    @Schema(name = "ChildKeyReset")
    record Reset(boolean success, String message) {}

    static Long limitOf(ApiKey key) {
        return key.balanceLimit().map(l -> l.limit().value()).orElse(null);
    }

    static String resetOf(ApiKey key) {
        return key.balanceLimit()
                .map(BalanceLimit::resetPeriod)
                .flatMap(LimitResetPeriod::toWire)
                .orElse(null);
    }

    static Long validityOf(ApiKey key) {
        return key.validUntil().map(Instant::getEpochSecond).orElse(null);
    }
}
