package io.routstr.gateway.rest.balance;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.routstr.gateway.domain.key.BalanceLimit;
import io.routstr.gateway.domain.key.LimitResetPeriod;
import io.routstr.gateway.domain.money.Msats;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Optional;

/**
 * The balance router's request bodies, in Routstr's field names, and the reading of their optional fields that the
 * Lightning invoice body shares.
 */
public final class BalanceRequests {

    private BalanceRequests() {}

    @Schema(name = "CreateKeyRequest")
    record CreateKey(
            @JsonProperty("initial_balance_token") String initialBalanceToken,
            @JsonProperty("balance_limit") Long balanceLimit,
            @JsonProperty("balance_limit_reset") String balanceLimitReset,
            @JsonProperty("validity_date") Long validityDate) {}

    @Schema(name = "TopUpRequest")
    record TopUp(@JsonProperty("cashu_token") String cashuToken) {}

    /** The optional refund body: a Lightning address to pay instead of returning a token (reference §17). */
    @Schema(name = "RefundRequest")
    record Refund(@JsonProperty("lightning_address") String lightningAddress) {}

    @Schema(name = "ChildKeyRequest")
    record ChildKeys(
            Integer count,
            @JsonProperty("balance_limit") Long balanceLimit,
            @JsonProperty("balance_limit_reset") String balanceLimitReset,
            @JsonProperty("validity_date") Long validityDate) {}

    @Schema(name = "ChildKeyResetRequest")
    record ResetChild(@JsonProperty("child_key") String childKey) {}

    /** A limit from Routstr's optional fields; a negative limit is refused. */
    static Optional<BalanceLimit> limit(Long balanceLimit, String reset) {
        if (balanceLimit == null) {
            return Optional.empty();
        }
        if (balanceLimit < 0) {
            throw new IllegalArgumentException("balance_limit cannot be negative");
        }
        return Optional.of(BalanceLimit.of(Msats.of(balanceLimit), LimitResetPeriod.fromWire(reset)));
    }

    /** Epoch seconds; a date no {@link Instant} holds is bad input (400), not a fault. */
    public static Optional<Instant> validity(Long validityDate) {
        if (validityDate == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.ofEpochSecond(validityDate));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("validity_date is out of range", e);
        }
    }
}
