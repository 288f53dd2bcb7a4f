package io.routstr.gateway.application.fake;

import io.routstr.gateway.application.contract.EcashPaymentLogContract;
import io.routstr.gateway.application.port.out.EcashPaymentLogPort;
import io.routstr.gateway.domain.key.ApiKeyId;

class InMemoryEcashPaymentsTest extends EcashPaymentLogContract {

    private final InMemoryEcashPayments payments = new InMemoryEcashPayments();

    @Override
    protected EcashPaymentLogPort payments() {
        return payments;
    }

    @Override
    protected ApiKeyId existingKey() {
        return ApiKeyId.random();
    }
}
