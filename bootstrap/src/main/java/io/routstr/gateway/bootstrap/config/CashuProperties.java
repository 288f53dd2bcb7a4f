package io.routstr.gateway.bootstrap.config;

import io.routstr.gateway.application.service.wallet.WalletSettings.Denominations;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Trusted mints ({@code CASHU_MINTS}, comma separated) and the primary mint and unit ({@code PRIMARY_MINT_URL},
 * {@code PRIMARY_MINT_UNIT}); the primary mint defaults to the first trusted mint. Also the wallet's mint-call policy
 * ({@code MINT_OPERATION_TIMEOUT_SECONDS}, {@code MINT_MAX_CONCURRENCY}, {@code MINT_RETRY_MAX_ATTEMPTS}), the node
 * secret key that encrypts the wallet seed ({@code ROUTSTR_SECRET_KEY} or a generated {@code ROUTSTR_SECRET_KEY_FILE}),
 * the recovery job's interval and grace, how long a token deposit's claim is left to its caller
 * ({@code DEPOSIT_CLAIM_TIMEOUT_SECONDS}), and the most proofs one presented token may hold
 * ({@code MAX_PROOFS_PER_TOKEN}), the denominations the wallet keeps ({@code WALLET_DENOMINATIONS}:
 * {@code change-ready} or {@code compact}), and how its small proofs are consolidated
 * ({@code WALLET_CONSOLIDATION_INTERVAL_SECONDS}, {@code WALLET_CONSOLIDATE_ABOVE}, {@code WALLET_CONSOLIDATION_BATCH}).
 */
@ConfigurationProperties("routstr.cashu")
public record CashuProperties(
        @DefaultValue List<String> mints,
        @DefaultValue("") String primaryMintUrl,
        @DefaultValue("sat") String primaryMintUnit,
        @DefaultValue("30s") Duration mintOperationTimeout,
        @DefaultValue("10m") Duration meltTimeout,
        @DefaultValue("4") int mintMaxConcurrency,
        @DefaultValue("3") int mintRetryMaxAttempts,
        @DefaultValue("5m") Duration keysetCacheTtl,
        @DefaultValue("") String secretKey,
        @DefaultValue(".data/routstr_secret.key") String secretKeyFile,
        @DefaultValue("60s") Duration recoveryInterval,
        @DefaultValue("15m") Duration recoveryGrace,
        @DefaultValue("5m") Duration depositClaimTimeout,
        @DefaultValue("256") int maxProofsPerToken,
        @DefaultValue("change-ready") Denominations walletDenominations,
        @DefaultValue("600s") Duration consolidationInterval,
        @DefaultValue("256") int consolidateAbove,
        @DefaultValue("200") int consolidationBatch) {

    public CashuProperties {
        // Invoices on the primary mint are asked for and credited in sats: another unit would misread every amount
        // by a factor (msat by 1000), so the node refuses to start rather than guess.
        if (!"sat".equals(primaryMintUnit)) {
            throw new IllegalArgumentException(
                    "PRIMARY_MINT_UNIT (" + primaryMintUnit + ") is not supported: only sat is (msat is not yet)");
        }
        // A deposit claim past its timeout is taken over by the next presenter and credited by the reconciler: it
        // must outlast a live redemption, or a token would be redeemed by two callers at once.
        if (depositClaimTimeout.compareTo(mintOperationTimeout) <= 0) {
            throw new IllegalArgumentException("DEPOSIT_CLAIM_TIMEOUT_SECONDS (" + depositClaimTimeout
                    + ") must be longer than MINT_OPERATION_TIMEOUT_SECONDS (" + mintOperationTimeout + ")");
        }
        // A batch is one swap at the mint: mints cap a swap's inputs (1,000 is common), and fewer than two proofs
        // cannot become fewer.
        if (consolidateAbove < 0 || consolidationBatch < 2 || consolidationBatch > 1000) {
            throw new IllegalArgumentException("WALLET_CONSOLIDATE_ABOVE (" + consolidateAbove
                    + ") is 0 (off) or more, WALLET_CONSOLIDATION_BATCH (" + consolidationBatch + ") 2 to 1000");
        }
    }

    /**
     * A warning for a recovery grace ({@code WALLET_RECOVERY_GRACE_SECONDS}) not longer than the longest mint call
     * ({@code MINT_OPERATION_TIMEOUT_SECONDS}, {@code MINT_MELT_TIMEOUT_SECONDS}): the wallet's recovery takes over the
     * operations older than its grace, on the understanding that none of them is still running; a shorter grace lets
     * it act on a live one (seen in a test whose grace was 6 s against a 10 s mint timeout: it restored a swap 2 s
     * before the live call timed out, and the ledger's reference kept the token credited once). Not refused at start,
     * since test nodes shorten the grace to see recovery within seconds.
     */
    public Optional<String> recoveryGraceWarning() {
        Duration longestCall = mintOperationTimeout.compareTo(meltTimeout) >= 0 ? mintOperationTimeout : meltTimeout;
        if (recoveryGrace.compareTo(longestCall) > 0) {
            return Optional.empty();
        }
        return Optional.of("WALLET_RECOVERY_GRACE_SECONDS (" + recoveryGrace.toSeconds()
                + ") is not longer than the longest mint call (MINT_OPERATION_TIMEOUT_SECONDS "
                + mintOperationTimeout.toSeconds() + ", MINT_MELT_TIMEOUT_SECONDS " + meltTimeout.toSeconds()
                + "): the wallet's recovery may act on operations still in progress; set it longer than both");
    }

    /** Whether the wallet's small proofs are consolidated ({@code WALLET_CONSOLIDATE_ABOVE} above 0). */
    public boolean consolidates() {
        return consolidateAbove > 0;
    }

    public String effectivePrimaryMintUrl() {
        if (!primaryMintUrl.isBlank()) {
            return primaryMintUrl;
        }
        return mints.stream().filter(m -> !m.isBlank()).findFirst().orElse("https://mint.minibits.cash/Bitcoin");
    }
}
