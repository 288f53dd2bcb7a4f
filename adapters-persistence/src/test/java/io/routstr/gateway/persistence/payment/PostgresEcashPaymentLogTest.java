package io.routstr.gateway.persistence.payment;

import static io.routstr.gateway.domain.key.ApiKeyBuilder.anApiKey;

import io.routstr.gateway.application.contract.EcashPaymentLogContract;
import io.routstr.gateway.application.port.out.ApiKeyPort;
import io.routstr.gateway.application.port.out.EcashPaymentLogPort;
import io.routstr.gateway.domain.key.ApiKeyId;
import io.routstr.gateway.persistence.PostgresAdapterTest;
import org.springframework.beans.factory.annotation.Autowired;

@PostgresAdapterTest
class PostgresEcashPaymentLogTest extends EcashPaymentLogContract {

    @Autowired
    JdbcEcashPaymentLogAdapter adapter;

    @Autowired
    ApiKeyPort apiKeys;

    @Override
    protected EcashPaymentLogPort payments() {
        return adapter;
    }

    @Override
    protected ApiKeyId existingKey() {
        return apiKeys.createIfAbsent(anApiKey().build()).id();
    }
}
