package io.routstr.gateway.application.port.in.key;

import io.routstr.gateway.domain.Components;
import io.routstr.gateway.domain.key.BalanceLimit;
import io.routstr.gateway.domain.key.KeyHash;
import io.routstr.gateway.domain.key.RefundTarget;
import io.routstr.gateway.domain.money.Msats;
import java.time.Instant;
import java.util.Optional;

/**
 * Credit {@code amount} to the key with hash {@code keyHash} (created if new, with {@code refundTarget}, {@code limit}
 * and {@code validUntil}); {@code depositReference} identifies the money (a token hash, a quote id) so it is credited
 * once.
 */
public record FundApiKeyCommand(
        KeyHash keyHash,
        Msats amount,
        RefundTarget refundTarget,
        String depositReference,
        Optional<BalanceLimit> limit,
        Optional<Instant> validUntil) {

    public FundApiKeyCommand {
        Components.requireNonNull(
                FundApiKeyCommand.class, keyHash, amount, refundTarget, depositReference, limit, validUntil);
        if (!amount.isPositive()) {
            throw new IllegalArgumentException("a deposit is a positive amount");
        }
        if (depositReference.isBlank()) {
            throw new IllegalArgumentException("a deposit needs a reference");
        }
    }

    public static FundApiKeyCommand deposit(
            KeyHash keyHash, Msats amount, RefundTarget refundTarget, String depositReference) {
        return new FundApiKeyCommand(
                keyHash, amount, refundTarget, depositReference, Optional.empty(), Optional.empty());
    }
}
