package io.routstr.gateway.application.service.wallet;

import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The wallet's policy: trusted mints ({@code CASHU_MINTS} plus {@code PRIMARY_MINT_URL}), the primary unit, and how
 * old an unfinished operation must be before recovery takes it over (longer than any mint call, so recovery never
 * races a live operation on another instance), and the denominations it keeps ecash in.
 */
public record WalletSettings(
        List<MintUrl> trustedMints,
        MintUrl primaryMint,
        CurrencyUnit primaryUnit,
        Duration recoveryGrace,
        int recoveryBatch,
        Denominations keptAs) {

    /** How the wallet splits the ecash it keeps (redeemed tokens, a swap's remainder) into a keyset's amounts. */
    public enum Denominations {
        /**
         * Each amount once, smallest first, then the rest: any change up to a redeemed token's value is handed out
         * from its proofs without a swap at the mint (about a third of an {@code X-Cashu} request's time when it must
         * swap). Kept only on keysets without an input fee, where more proofs cost nothing to spend.
         */
        CHANGE_READY,
        /** The fewest proofs (the binary decomposition): change that the pool cannot make exactly needs a swap. */
        COMPACT
    }

    /** Keeps ecash change-ready. */
    public WalletSettings(
            List<MintUrl> trustedMints,
            MintUrl primaryMint,
            CurrencyUnit primaryUnit,
            Duration recoveryGrace,
            int recoveryBatch) {
        this(trustedMints, primaryMint, primaryUnit, recoveryGrace, recoveryBatch, Denominations.CHANGE_READY);
    }

    public WalletSettings {
        trustedMints = List.copyOf(trustedMints);
        Objects.requireNonNull(primaryMint, "primary mint");
        Objects.requireNonNull(primaryUnit, "primary unit");
        Objects.requireNonNull(recoveryGrace, "recovery grace");
        Objects.requireNonNull(keptAs, "denominations");
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
