package io.routstr.gateway.application.fake;

import io.routstr.gateway.application.port.out.PriceOverridePort;
import io.routstr.gateway.domain.provider.PriceOverride;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@link PriceOverridePort} in memory: one override per model, listed by model id. */
public final class InMemoryPriceOverrides implements PriceOverridePort {

    private final Map<String, PriceOverride> byModel = new TreeMap<>();

    @Override
    public synchronized List<PriceOverride> findAll() {
        return List.copyOf(byModel.values());
    }

    @Override
    public synchronized void save(PriceOverride override) {
        byModel.put(override.modelId(), override);
    }
}
