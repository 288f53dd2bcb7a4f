package io.routstr.gateway.application.service;

import io.routstr.gateway.application.port.in.payment.OpenKeyToPayOneRequestUseCase;
import io.routstr.gateway.application.port.in.payment.OpenKeyWithTokenUseCase;
import io.routstr.gateway.application.port.out.ApiKeyPort;
import io.routstr.gateway.application.port.out.TokenKeyOpeningPort.TokenUse;
import io.routstr.gateway.domain.ecash.RedemptionFailure;
import io.routstr.gateway.domain.key.ApiKeySecret;
import io.routstr.gateway.domain.key.BalanceLimit;
import java.time.Instant;
import java.util.Optional;

/**
 * Opens (or finds) the key of a Cashu bearer token, or of a token paying for one request; the token is deposited once
 * through {@link TokenDeposits}.
 */
public record OpenKeyWithTokenService(ApiKeyPort apiKeys, TokenDeposits deposits)
        implements OpenKeyWithTokenUseCase, OpenKeyToPayOneRequestUseCase {

    @Override
    public TokenKeyOutcome open(String token, Optional<BalanceLimit> limit, Optional<Instant> validUntil) {
        return open(token, limit, validUntil, TokenUse.OPENS_KEY);
    }

    /**
     * A token paying one request is new almost every time, so its claim in the redemption log comes first, with no
     * look-up of its key ahead of it: the claim finds a token deposited before (its key was opened with the claim
     * completed in the same commit) and the key is looked up then. Whenever the token was not credited now, the key
     * is looked up as well, so that a key opened before still pays as it did when it was looked up first (a claim
     * left unfinished by a crash after its key was credited, for one).
     */
    @Override
    public TokenKeyOutcome openToPayOneRequest(String token) {
        ApiKeySecret secret = ApiKeySecret.derivedFromToken(token);
        TokenKeyOutcome outcome = deposit(token, secret, Optional.empty(), Optional.empty(), TokenUse.PAYS_ONE_REQUEST);
        return switch (outcome) {
            case TokenKeyOutcome.Opened opened -> opened;
            case TokenKeyOutcome.AlreadyOpened opened -> opened;
            case TokenKeyOutcome.Rejected rejected -> openedBefore(secret).orElse(rejected);
            case TokenKeyOutcome.Busy busy -> openedBefore(secret).orElse(busy);
        };
    }

    private TokenKeyOutcome open(
            String token, Optional<BalanceLimit> limit, Optional<Instant> validUntil, TokenUse use) {
        ApiKeySecret secret = ApiKeySecret.derivedFromToken(token);
        Optional<TokenKeyOutcome> existing = openedBefore(secret);
        if (existing.isPresent()) {
            return existing.get();
        }
        return deposit(token, secret, limit, validUntil, use);
    }

    private Optional<TokenKeyOutcome> openedBefore(ApiKeySecret secret) {
        return apiKeys.findByHash(secret.hash()).map(key -> new TokenKeyOutcome.AlreadyOpened(key, secret));
    }

    private TokenKeyOutcome deposit(
            String token,
            ApiKeySecret secret,
            Optional<BalanceLimit> limit,
            Optional<Instant> validUntil,
            TokenUse use) {
        return switch (deposits.depositIntoNewKey(token, secret.hash(), limit, validUntil, use)) {
            case TokenDeposits.Deposit.Credited credited ->
                new TokenKeyOutcome.Opened(credited.funded().key(), secret, credited.amount());
            case TokenDeposits.Deposit.DepositedBefore before ->
                openedBefore(secret)
                        .orElseGet(() ->
                                new TokenKeyOutcome.Rejected(RedemptionFailure.ALREADY_SPENT, "Token already spent"));
            case TokenDeposits.Deposit.Refused refused ->
                new TokenKeyOutcome.Rejected(refused.failure(), refused.message());
            case TokenDeposits.Deposit.Busy busy -> new TokenKeyOutcome.Busy();
        };
    }
}
