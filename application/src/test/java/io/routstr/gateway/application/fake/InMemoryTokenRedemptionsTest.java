package io.routstr.gateway.application.fake;

import io.routstr.gateway.application.contract.TokenRedemptionLogContract;
import io.routstr.gateway.application.port.out.TokenRedemptionLogPort;
import io.routstr.gateway.domain.key.ApiKeyId;

class InMemoryTokenRedemptionsTest extends TokenRedemptionLogContract {

    private final InMemoryTokenRedemptions log = new InMemoryTokenRedemptions();

    @Override
    protected TokenRedemptionLogPort log() {
        return log;
    }

    @Override
    protected ApiKeyId existingKey() {
        return ApiKeyId.random();
    }
}
