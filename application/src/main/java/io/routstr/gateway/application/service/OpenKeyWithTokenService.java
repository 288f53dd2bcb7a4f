package io.routstr.gateway.application.service;

import io.routstr.gateway.application.port.in.payment.OpenKeyWithTokenUseCase;
import io.routstr.gateway.application.port.out.ApiKeyPort;
import io.routstr.gateway.domain.ecash.RedemptionFailure;
import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.key.ApiKeySecret;
import io.routstr.gateway.domain.key.BalanceLimit;
import java.time.Instant;
import java.util.Optional;

/** Opens (or finds) the key of a Cashu bearer token; the token is deposited once through {@link TokenDeposits}. */
public record OpenKeyWithTokenService(ApiKeyPort apiKeys, TokenDeposits deposits) implements OpenKeyWithTokenUseCase {

    @Override
    public TokenKeyOutcome open(String token, Optional<BalanceLimit> limit, Optional<Instant> validUntil) {
        ApiKeySecret secret = ApiKeySecret.derivedFromToken(token);
        Optional<ApiKey> existing = apiKeys.findByHash(secret.hash());
        if (existing.isPresent()) {
            return new TokenKeyOutcome.AlreadyOpened(existing.get(), secret);
        }
        return switch (deposits.deposit(token, secret.hash(), limit, validUntil)) {
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
