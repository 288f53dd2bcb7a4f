package io.routstr.gateway.application.fake;

import io.routstr.gateway.application.contract.ProviderHealthContract;
import io.routstr.gateway.application.port.out.ProviderHealthPort;
import io.routstr.gateway.application.port.out.ProviderHealthPort.Health;
import java.util.Optional;

class FakeProviderHealthTest extends ProviderHealthContract {

    private final FakeProviderHealth health = new FakeProviderHealth();

    @Override
    protected ProviderHealthPort health() {
        return health;
    }

    @Override
    protected String nodeAnsweringInfo(String json) {
        health.answer("https://other.example", new Health(200, "info", Optional.of(json)));
        return "https://other.example";
    }
}
