package io.routstr.gateway.application.fake;

import io.routstr.gateway.application.port.out.ProviderModelsPort;
import io.routstr.gateway.domain.provider.ProviderId;
import io.routstr.gateway.domain.provider.UpstreamProvider;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link ProviderModelsPort} answering the model lists tests set per provider; a provider with none is down. */
public final class FakeProviderModels implements ProviderModelsPort {

    private final Map<ProviderId, List<String>> lists = new HashMap<>();

    /** {@code provider} lists {@code modelIds} from now on. */
    public synchronized FakeProviderModels lists(UpstreamProvider provider, String... modelIds) {
        lists.put(provider.id(), List.of(modelIds));
        return this;
    }

    /** {@code provider} does not answer from now on. */
    public synchronized FakeProviderModels down(UpstreamProvider provider) {
        lists.remove(provider.id());
        return this;
    }

    @Override
    public synchronized Optional<List<String>> listModels(UpstreamProvider provider) {
        return Optional.ofNullable(lists.get(provider.id()));
    }
}
