package io.routstr.gateway.application.service;

import io.routstr.gateway.application.port.in.key.FundApiKeyCommand;
import io.routstr.gateway.application.port.in.key.FundApiKeyUseCase;
import io.routstr.gateway.application.port.in.key.FundOutcome;
import io.routstr.gateway.application.port.out.BalancePort.OpenFundedResult;
import io.routstr.gateway.application.port.out.ClockPort;
import io.routstr.gateway.application.port.out.EcashPaymentLogPort;
import io.routstr.gateway.application.port.out.TokenKeyOpeningPort;
import io.routstr.gateway.application.port.out.TokenKeyOpeningPort.TokenUse;
import io.routstr.gateway.application.port.out.TokenRedemptionLogPort;
import io.routstr.gateway.application.port.out.TokenRedemptionLogPort.ClaimResult;
import io.routstr.gateway.application.port.out.TokenRedemptionLogPort.StaleClaim;
import io.routstr.gateway.application.service.wallet.TokenRedemption;
import io.routstr.gateway.application.service.wallet.TokenRedemption.LookUpResult;
import io.routstr.gateway.application.service.wallet.TokenRedemption.RedemptionResult;
import io.routstr.gateway.domain.ecash.RedemptionFailure;
import io.routstr.gateway.domain.ecash.TokenFingerprint;
import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.key.ApiKeyId;
import io.routstr.gateway.domain.key.BalanceLimit;
import io.routstr.gateway.domain.key.KeyHash;
import io.routstr.gateway.domain.key.RefundTarget;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import io.routstr.gateway.domain.money.Msats;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Deposits a Cashu token into a key exactly once: claim the token in the redemption log (transaction), redeem it at
 * the mint (network, no transaction), credit the key with the ledger reference {@code token:<sha256>} and record the
 * outcome (transaction: a new key, its deposit and the records commit together, and together with the wallet's record
 * of the swap where the wallet can, see {@link TokenRedemption#redeem(String, Consumer)}). Shared by opening a key with a token,
 * paying one request with it and topping a key up.
 */
public final class TokenDeposits {

    /**
     * How long a claim is left to the caller that holds it, unless the operator sets another timeout: a claim older
     * than this belongs to a redemption whose process died, and may be taken over or credited by the reconciler.
     */
    public static final Duration DEFAULT_CLAIM_TIMEOUT = Duration.ofMinutes(5);

    private static final int WAIT_ATTEMPTS = 100;
    private static final Duration WAIT_STEP = Duration.ofMillis(100);

    private final TokenRedemptionLogPort redemptions;
    private final TokenRedemption wallet;
    private final FundApiKeyUseCase fund;
    private final TokenKeyOpeningPort openings;
    private final EcashPaymentLogPort payments;
    private final ClockPort clock;
    private final Duration claimTimeout;

    /**
     * With {@code claimTimeout}: how long a caller's claim on a token is left to it before another caller or the
     * reconciler takes it over. One instance serves the deposit services and the reconciler, so they agree on it.
     */
    public TokenDeposits(
            TokenRedemptionLogPort redemptions,
            TokenRedemption wallet,
            FundApiKeyUseCase fund,
            TokenKeyOpeningPort openings,
            EcashPaymentLogPort payments,
            ClockPort clock,
            Duration claimTimeout) {
        this.redemptions = redemptions;
        this.wallet = wallet;
        this.fund = fund;
        this.openings = Objects.requireNonNull(openings, "openings");
        this.payments = Objects.requireNonNull(payments, "payments");
        this.clock = clock;
        this.claimTimeout = requirePositive(claimTimeout);
    }

    private static Duration requirePositive(Duration claimTimeout) {
        if (!claimTimeout.isPositive()) {
            throw new IllegalArgumentException("the deposit claim timeout must be positive: " + claimTimeout);
        }
        return claimTimeout;
    }

    /** What came of depositing a token. */
    sealed interface Deposit {
        record Credited(FundOutcome funded, Msats amount) implements Deposit {}

        /** The token was deposited before, into key {@code keyId}. */
        record DepositedBefore(ApiKeyId keyId) implements Deposit {}

        record Refused(RedemptionFailure failure, String message) implements Deposit {}

        record Busy() implements Deposit {}
    }

    /**
     * Deposits {@code token} into the key with hash {@code keyHash}, which exists (a top-up); were it gone, a new key is
     * created refunding to the token's mint and unit.
     */
    Deposit deposit(String token, KeyHash keyHash) {
        return deposit(token, keyHash, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * Deposits {@code token} into a new key with hash {@code keyHash}, refunding to the token's mint and unit, with
     * {@code limit} and {@code validUntil}; the key, its deposit and what {@code use} records commit together. Were
     * the key there already, the token is credited to it as a top-up, with the same records.
     */
    Deposit depositIntoNewKey(
            String token, KeyHash keyHash, Optional<BalanceLimit> limit, Optional<Instant> validUntil, TokenUse use) {
        return deposit(token, keyHash, limit, validUntil, Optional.of(use));
    }

    private Deposit deposit(
            String token,
            KeyHash keyHash,
            Optional<BalanceLimit> limit,
            Optional<Instant> validUntil,
            Optional<TokenUse> newKey) {
        TokenFingerprint tokenHash = TokenFingerprint.of(token.strip());
        for (int attempt = 0; attempt < WAIT_ATTEMPTS; attempt++) {
            Instant now = clock.now();
            switch (redemptions.claim(tokenHash, Optional.of(keyHash), now, now.minus(claimTimeout))) {
                case ClaimResult.Claimed claimed -> {
                    return redeem(token, keyHash, tokenHash, limit, validUntil, newKey);
                }
                case ClaimResult.Completed completed -> {
                    return new Deposit.DepositedBefore(completed.keyId());
                }
                case ClaimResult.Rejected rejected -> {
                    return new Deposit.Refused(
                            rejected.failure(), rejected.failure().clientMessage());
                }
                case ClaimResult.InProgress inProgress -> pause();
            }
        }
        return new Deposit.Busy();
    }

    private Deposit redeem(
            String token,
            KeyHash keyHash,
            TokenFingerprint tokenHash,
            Optional<BalanceLimit> limit,
            Optional<Instant> validUntil,
            Optional<TokenUse> newKey) {
        // A new key is opened inside the wallet's commit after the swap, so that it costs no commit of its own; null
        // while no opening was tried there (a wallet that could not), empty when a key with this hash was there.
        AtomicReference<Optional<FundOutcome>> openedInWalletCommit = new AtomicReference<>();
        Consumer<RedemptionResult.Redeemed> inSameCommit = redeemed -> openedInWalletCommit.set(
                newKey.flatMap(use -> openWithRecords(tokenHash, keyHash, redeemed, limit, validUntil, use)));
        RedemptionResult result;
        try {
            result = wallet.redeem(token, inSameCommit);
        } catch (RuntimeException e) {
            // The token may have reached the mint: the claim stays for the reconciler, and a retry may take it over.
            redemptions.interrupted(tokenHash);
            throw e;
        }
        return switch (result) {
            case RedemptionResult.Redeemed redeemed -> {
                FundOutcome funded;
                try {
                    Optional<FundOutcome> opened = openedInWalletCommit.get() != null
                            ? openedInWalletCommit.get()
                            : newKey.flatMap(
                                    use -> openWithRecords(tokenHash, keyHash, redeemed, limit, validUntil, use));
                    if (opened.isPresent()) {
                        yield new Deposit.Credited(opened.get(), redeemed.credited());
                    }
                    funded = credit(
                            tokenHash,
                            keyHash,
                            redeemed.credited(),
                            redeemed.mint(),
                            redeemed.unit(),
                            limit,
                            validUntil);
                } catch (RuntimeException e) {
                    // Redeemed but not credited: a retry (the wallet answers "redeemed" for the same token) or the
                    // reconciler credits it, once, under the token's reference.
                    redemptions.interrupted(tokenHash);
                    throw e;
                }
                redemptions.completed(tokenHash, funded.key().id(), clock.now());
                if (newKey.equals(Optional.of(TokenUse.PAYS_ONE_REQUEST))) {
                    payments.started(tokenHash, funded.key().id(), clock.now());
                }
                yield new Deposit.Credited(funded, redeemed.credited());
            }
            case RedemptionResult.Failed failed -> {
                if (failed.failure().terminal()) {
                    redemptions.rejected(tokenHash, failed.failure(), clock.now());
                } else if (failed.failure() == RedemptionFailure.OUTCOME_UNKNOWN) {
                    // The mint may have taken the token: the claim stays for the reconciler, which credits it once the
                    // wallet's recovery settles the swap, whether or not the client comes back with the token. Freed,
                    // a token the mint took stayed in the wallet credited to nobody (XCashuDatabaseCrashIT, session
                    // 22).
                    redemptions.interrupted(tokenHash);
                } else {
                    redemptions.released(tokenHash);
                }
                yield new Deposit.Refused(failed.failure(), failed.message());
            }
        };
    }

    /**
     * One pass of the reconciler over at most {@code batch} claims older than the claim timeout: a token the wallet
     * redeemed is credited to the key its claim names, one it never took frees its claim, and one whose redemption is
     * unfinished waits for the wallet's recovery (the next pass credits it). Returns how many were credited now.
     */
    int creditStale(int batch) {
        Instant now = clock.now();
        int credited = 0;
        for (StaleClaim claim : redemptions.findStale(now.minus(claimTimeout), batch)) {
            switch (wallet.lookUp(claim.tokenHash())) {
                case LookUpResult.Redeemed redeemed -> {
                    FundOutcome funded = credit(
                            claim.tokenHash(),
                            claim.keyHash(),
                            redeemed.credited(),
                            redeemed.mint(),
                            redeemed.unit(),
                            Optional.empty(),
                            Optional.empty());
                    redemptions.completed(claim.tokenHash(), funded.key().id(), clock.now());
                    if (funded instanceof FundOutcome.Funded) {
                        credited++;
                    }
                }
                case LookUpResult.Unfinished unfinished -> {
                    // The wallet's recovery settles the redemption first; the next pass credits it.
                }
                case LookUpResult.NotRedeemed notRedeemed -> redemptions.released(claim.tokenHash());
            }
        }
        return credited;
    }

    /**
     * The new key, credited, with the token's redemption completed (and its payment started) in the same commit; empty
     * when a key with this hash exists, which is then credited the ordinary way.
     */
    private Optional<FundOutcome> openWithRecords(
            TokenFingerprint tokenHash,
            KeyHash keyHash,
            RedemptionResult.Redeemed redeemed,
            Optional<BalanceLimit> limit,
            Optional<Instant> validUntil,
            TokenUse use) {
        Instant now = clock.now();
        ApiKey fresh = ApiKey.open(ApiKeyId.random(), keyHash, RefundTarget.to(redeemed.mint(), redeemed.unit()), now)
                .withLimits(limit, validUntil);
        return switch (openings.openFundedByToken(
                fresh, redeemed.credited(), referenceOf(tokenHash), tokenHash, use, now)) {
            case OpenFundedResult.Opened opened ->
                Optional.of(new FundOutcome.Funded(opened.key(), redeemed.credited()));
            case OpenFundedResult.Exists exists -> Optional.empty();
        };
    }

    private static String referenceOf(TokenFingerprint tokenHash) {
        return "token:" + tokenHash.value();
    }

    /** Credits a redeemed token to its key under the reference {@code token:<sha256>}, so it is credited once. */
    private FundOutcome credit(
            TokenFingerprint tokenHash,
            KeyHash keyHash,
            Msats amount,
            MintUrl mint,
            CurrencyUnit unit,
            Optional<BalanceLimit> limit,
            Optional<Instant> validUntil) {
        return fund.fund(new FundApiKeyCommand(
                keyHash, amount, RefundTarget.to(mint, unit), referenceOf(tokenHash), limit, validUntil));
    }

    /** Waits for the caller that holds the claim; redemptions take a mint round trip, so a short poll suffices. */
    private static void pause() {
        try {
            Thread.sleep(WAIT_STEP);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a token redemption", e);
        }
    }
}
