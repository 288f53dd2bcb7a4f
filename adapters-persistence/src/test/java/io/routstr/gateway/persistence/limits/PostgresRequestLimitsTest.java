package io.routstr.gateway.persistence.limits;

import static io.routstr.gateway.domain.key.ApiKeyBuilder.anApiKey;

import io.routstr.gateway.application.contract.RequestLimitContract;
import io.routstr.gateway.application.port.out.ApiKeyPort;
import io.routstr.gateway.application.port.out.RequestLimitPort;
import io.routstr.gateway.domain.key.ApiKeyId;
import io.routstr.gateway.persistence.PostgresAdapterTest;
import org.springframework.beans.factory.annotation.Autowired;

@PostgresAdapterTest
class PostgresRequestLimitsTest extends RequestLimitContract {

    @Autowired
    RequestLimitPort limits;

    @Autowired
    ApiKeyPort apiKeys;

    @Override
    protected RequestLimitPort limits() {
        return limits;
    }

    @Override
    protected ApiKeyId existingKey() {
        return apiKeys.createIfAbsent(anApiKey().build()).id();
    }
}
