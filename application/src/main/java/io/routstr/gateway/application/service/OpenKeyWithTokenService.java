package io.routstr.gateway.application.service;

import io.routstr.gateway.application.port.in.payment.OpenKeyToPayOneRequestUseCase;
import io.routstr.gateway.application.port.in.payment.OpenKeyWithTokenUseCase;
import io.routstr.gateway.application.port.out.ApiKeyPort;
import io.routstr.gateway.application.port.out.TokenKeyOpeningPort.TokenUse;
import io.routstr.gateway.domain.ecash.RedemptionFailure;
import io.routstr.gateway.domain.key.ApiKey;
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

    @Override
    public TokenKeyOutcome openToPayOneRequest(String token) {
        return open(token, Optional.empty(), Optional.empty(), TokenUse.PAYS_ONE_REQUEST);
    }

    private TokenKeyOutcome open(
            String token, Optional<BalanceLimit> limit, Optional<Instant> validUntil, TokenUse use) {
        ApiKeySecret secret = ApiKeySecret.derivedFromToken(token);
        Optional<ApiKey> existing = apiKeys.findByHash(secret.hash());
        if (existing.isPresent()) {
            return new TokenKeyOutcome.AlreadyOpened(existing.get(), secret);
        }
        return switch (deposits.depositIntoNewKey(token, secret.hash(), limit, validUntil, use)) {
            case TokenDeposits.Deposit.Credited credited ->
                new TokenKeyOutcome.Opened(credited.funded().key(), secret, credited.amount());
            case TokenDeposits.Deposit.DepositedBefore before ->
                apiKeys.findByHash(secret.hash())
                        .<TokenKeyOutcome>map(key -> new TokenKeyOutcome.AlreadyOpened(key, secret))
                        .orElseGet(() ->
                                new TokenKeyOutcome.Rejected(RedemptionFailure.ALREADY_SPENT, "Token already spent"));
            case TokenDeposits.Deposit.Refused refused ->
                new TokenKeyOutcome.Rejected(refused.failure(), refused.message());
            case TokenDeposits.Deposit.Busy busy -> new TokenKeyOutcome.Busy();
        };
    }
}
