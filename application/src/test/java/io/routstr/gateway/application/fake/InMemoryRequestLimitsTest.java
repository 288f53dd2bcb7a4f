package io.routstr.gateway.application.fake;

import io.routstr.gateway.application.contract.RequestLimitContract;
import io.routstr.gateway.application.port.out.RequestLimitPort;
import io.routstr.gateway.domain.key.ApiKeyId;

class InMemoryRequestLimitsTest extends RequestLimitContract {

    private final InMemoryRequestLimits limits = new InMemoryRequestLimits();

    @Override
    protected RequestLimitPort limits() {
        return limits;
    }

    @Override
    protected ApiKeyId existingKey() {
        return ApiKeyId.random();
    }
}
