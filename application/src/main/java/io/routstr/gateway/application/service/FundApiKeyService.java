package io.routstr.gateway.application.service;

import io.routstr.gateway.application.port.in.key.FundApiKeyCommand;
import io.routstr.gateway.application.port.in.key.FundApiKeyUseCase;
import io.routstr.gateway.application.port.in.key.FundOutcome;
import io.routstr.gateway.application.port.out.ApiKeyPort;
import io.routstr.gateway.application.port.out.BalancePort;
import io.routstr.gateway.application.port.out.ClockPort;
import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.key.ApiKeyId;
import java.time.Instant;
import java.util.Optional;

/**
 * Credits arrived money to a key, creating the key on first use. A child key's deposit goes to its parent, whose
 * balance the child spends (Routstr's top-up rule).
 */
public record FundApiKeyService(ApiKeyPort apiKeys, BalancePort balances, ClockPort clock)
        implements FundApiKeyUseCase {

    @Override
    public FundOutcome fund(FundApiKeyCommand command) {
        Instant now = clock.now();
        Optional<ApiKey> existing = apiKeys.findByHash(command.keyHash());
        if (existing.isEmpty()) {
            // A new key is stored together with its deposit: a failure in between would leave the money credited to
            // nobody and a key that a retry finds empty.
            ApiKey fresh = ApiKey.open(ApiKeyId.random(), command.keyHash(), command.refundTarget(), now)
                    .withLimits(command.limit(), command.validUntil());
            switch (balances.openFunded(fresh, command.amount(), command.depositReference(), now)) {
                case BalancePort.OpenFundedResult.Opened opened -> {
                    return new FundOutcome.Funded(opened.key(), command.amount());
                }
                case BalancePort.OpenFundedResult.Exists raced -> existing = Optional.of(raced.key());
            }
        }
        ApiKey key = existing.get();
        ApiKeyId billed = key.billingKeyId();
        return switch (balances.credit(billed, command.amount(), command.depositReference(), now)) {
            case CREDITED -> new FundOutcome.Funded(reload(billed), command.amount());
            case ALREADY_CREDITED -> new FundOutcome.AlreadyFunded(reload(billed));
            case UNKNOWN_KEY -> throw new IllegalStateException("key " + billed + " vanished while being funded");
        };
    }

    private ApiKey reload(ApiKeyId id) {
        return apiKeys.findById(id).orElseThrow(() -> new IllegalStateException("key " + id + " vanished"));
    }
}
