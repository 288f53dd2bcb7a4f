package io.routstr.gateway.application.service.wallet;

import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The wallet's policy: trusted mints ({@code CASHU_MINTS} plus {@code PRIMARY_MINT_URL}), the primary unit, and how
 * old an unfinished operation must be before recovery takes it over (longer than any mint call, so recovery never
 * races a live operation on another instance).
 */
public record WalletSettings(
        List<MintUrl> trustedMints,
        MintUrl primaryMint,
        CurrencyUnit primaryUnit,
        Duration recoveryGrace,
        int recoveryBatch) {

    public WalletSettings {
        trustedMints = List.copyOf(trustedMints);
        Objects.requireNonNull(primaryMint, "primary mint");
        Objects.requireNonNull(primaryUnit, "primary unit");
        Objects.requireNonNull(recoveryGrace, "recovery grace");
        if (recoveryGrace.isNegative() || recoveryBatch <= 0) {
            throw new IllegalArgumentException("recovery grace is not negative and its batch is positive");
        }
        if (!primaryUnit.isBitcoin()) {
            throw new IllegalArgumentException("the primary unit is sat or msat");
        }
    }

    public boolean trusts(MintUrl mint) {
        return primaryMint.equals(mint) || trustedMints.contains(mint);
    }
}
