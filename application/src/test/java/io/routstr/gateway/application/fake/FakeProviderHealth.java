package io.routstr.gateway.application.fake;

import io.routstr.gateway.application.port.out.ProviderHealthPort;
import java.util.HashMap;
import java.util.Map;

/**
 * {@link ProviderHealthPort} answering what the test set for each endpoint ({@link #answer}); an endpoint it was told
 * nothing about is unreachable (status 0, {@code error}).
 */
public final class FakeProviderHealth implements ProviderHealthPort {

    private final Map<String, Health> answers = new HashMap<>();

    public synchronized FakeProviderHealth answer(String endpointUrl, Health health) {
        answers.put(endpointUrl, health);
        return this;
    }

    @Override
    public synchronized Health check(String endpointUrl) {
        // As the adapter answers a node it cannot reach.
        return answers.getOrDefault(endpointUrl, new Health(0, "error"));
    }
}
