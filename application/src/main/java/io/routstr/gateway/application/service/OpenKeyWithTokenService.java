package io.routstr.gateway.application.service;

import io.routstr.gateway.application.port.in.key.FundApiKeyCommand;
import io.routstr.gateway.application.port.in.key.FundApiKeyUseCase;
import io.routstr.gateway.application.port.in.payment.OpenKeyWithTokenUseCase;
import io.routstr.gateway.application.port.out.ApiKeyPort;
import io.routstr.gateway.application.port.out.ClockPort;
import io.routstr.gateway.application.port.out.TokenRedemptionLogPort;
import io.routstr.gateway.application.port.out.TokenRedemptionLogPort.ClaimResult;
import io.routstr.gateway.application.port.out.TokenRedemptionPort;
import io.routstr.gateway.application.port.out.TokenRedemptionPort.RedemptionFailure;
import io.routstr.gateway.application.port.out.TokenRedemptionPort.RedemptionResult;
import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.key.ApiKeySecret;
import io.routstr.gateway.domain.key.RefundTarget;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Opens (or finds) the key of a Cashu bearer token: claim the token (transaction 1), redeem it at the mint (network,
 * no transaction), credit the key (transaction 2) and record the outcome. Concurrent presentations of one token wait
 * for the one that holds the claim.
 */
public final class OpenKeyWithTokenService implements OpenKeyWithTokenUseCase {

    /** A claim older than this belongs to a crashed redemption and may be taken over. */
    static final Duration STALE_CLAIM = Duration.ofMinutes(5);

    private static final int WAIT_ATTEMPTS = 100;
    private static final Duration WAIT_STEP = Duration.ofMillis(100);

    private final ApiKeyPort apiKeys;
    private final TokenRedemptionLogPort redemptions;
    private final TokenRedemptionPort wallet;
    private final FundApiKeyUseCase fund;
    private final ClockPort clock;

    public OpenKeyWithTokenService(
            ApiKeyPort apiKeys,
            TokenRedemptionLogPort redemptions,
            TokenRedemptionPort wallet,
            FundApiKeyUseCase fund,
            ClockPort clock) {
        this.apiKeys = apiKeys;
        this.redemptions = redemptions;
        this.wallet = wallet;
        this.fund = fund;
        this.clock = clock;
    }

    @Override
    public TokenKeyOutcome open(String token) {
        ApiKeySecret secret = ApiKeySecret.derivedFromToken(token);
        Optional<ApiKey> existing = apiKeys.findByHash(secret.hash());
        if (existing.isPresent()) {
            return new TokenKeyOutcome.AlreadyOpened(existing.get(), secret);
        }
        String tokenHash = secret.hash().value();
        for (int attempt = 0; attempt < WAIT_ATTEMPTS; attempt++) {
            Instant now = clock.now();
            switch (redemptions.claim(tokenHash, now, now.minus(STALE_CLAIM))) {
                case ClaimResult.Claimed claimed -> {
                    return redeem(token, secret, tokenHash);
                }
                case ClaimResult.Completed completed -> {
                    return apiKeys.findById(completed.keyId())
                            .<TokenKeyOutcome>map(key -> new TokenKeyOutcome.AlreadyOpened(key, secret))
                            .orElseGet(() -> new TokenKeyOutcome.Rejected(
                                    RedemptionFailure.FAILED, "The key of this token no longer exists"));
                }
                case ClaimResult.Rejected rejected -> {
                    return new TokenKeyOutcome.Rejected(rejected.failure(), messageFor(rejected.failure()));
                }
                case ClaimResult.InProgress inProgress -> pause();
            }
        }
        return new TokenKeyOutcome.Busy();
    }

    private TokenKeyOutcome redeem(String token, ApiKeySecret secret, String tokenHash) {
        RedemptionResult result;
        try {
            result = wallet.redeem(token);
        } catch (RuntimeException e) {
            redemptions.released(tokenHash);
            throw e;
        }
        return switch (result) {
            case RedemptionResult.Redeemed redeemed -> {
                var outcome = fund.fund(FundApiKeyCommand.deposit(
                        secret.hash(),
                        redeemed.credited(),
                        RefundTarget.to(redeemed.mint(), redeemed.unit()),
                        "token:" + tokenHash));
                redemptions.completed(tokenHash, outcome.key().id(), clock.now());
                yield new TokenKeyOutcome.Opened(outcome.key(), secret, redeemed.credited());
            }
            case RedemptionResult.Failed failed -> {
                if (failed.failure().terminal()) {
                    redemptions.rejected(tokenHash, failed.failure(), clock.now());
                } else {
                    redemptions.released(tokenHash);
                }
                yield new TokenKeyOutcome.Rejected(failed.failure(), failed.message());
            }
        };
    }

    private static void pause() {
        try {
            Thread.sleep(WAIT_STEP);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a token redemption", e);
        }
    }

    static String messageFor(RedemptionFailure failure) {
        return switch (failure) {
            case ALREADY_SPENT -> "Token already spent";
            case INVALID_TOKEN -> "Invalid Cashu token";
            case ZERO_VALUE -> "Token has no value";
            case FEES_EXCEED_AMOUNT -> "Mint fees exceed the token amount";
            case UNTRUSTED_MINT -> "The token's mint is not trusted by this node";
            case WRONG_UNIT -> "The token's unit is not accepted for this mint";
            case MINT_UNREACHABLE -> "Mint service unavailable";
            case MINT_RATE_LIMITED -> "Mint is rate limiting; retry later";
            case OUTCOME_UNKNOWN -> "Token was consumed but the outcome is unknown; do not retry";
            case FAILED -> "Token redemption failed";
        };
    }
}
