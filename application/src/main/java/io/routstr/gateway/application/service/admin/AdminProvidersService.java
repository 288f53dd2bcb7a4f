package io.routstr.gateway.application.service.admin;

import io.routstr.gateway.application.port.in.admin.AdminProvidersUseCase;
import io.routstr.gateway.application.port.in.proxy.RefreshModelCatalogUseCase;
import io.routstr.gateway.application.port.out.PriceOverridePort;
import io.routstr.gateway.application.port.out.ProviderStorePort;
import io.routstr.gateway.application.port.out.admin.ProviderEditPort;
import io.routstr.gateway.domain.provider.PriceOverride;
import io.routstr.gateway.domain.provider.ProviderId;
import io.routstr.gateway.domain.provider.UpstreamProvider;
import java.util.List;

/** Stores the operator's provider and price changes, then rebuilds the routes so the next request sees them. */
public record AdminProvidersService(
        ProviderStorePort store,
        ProviderEditPort edits,
        PriceOverridePort overrides,
        RefreshModelCatalogUseCase catalog)
        implements AdminProvidersUseCase {

    @Override
    public List<UpstreamProvider> providers() {
        return store.findAll();
    }

    @Override
    public UpstreamProvider add(NewProviderCommand command) {
        UpstreamProvider added = store.add(new ProviderStorePort.NewProvider(
                command.type(),
                command.baseUrl(),
                command.apiKey(),
                command.fee(),
                command.enabled(),
                command.apiVersion()));
        catalog.refresh();
        return added;
    }

    @Override
    public boolean edit(ProviderId id, EditProviderCommand command) {
        boolean changed = edits.update(
                id,
                new ProviderEditPort.ProviderChange(
                        command.baseUrl(), command.apiKey(), command.fee(), command.enabled(), command.apiVersion()));
        if (changed) {
            catalog.refresh();
        }
        return changed;
    }

    @Override
    public List<PriceOverride> priceOverrides() {
        return overrides.findAll();
    }

    @Override
    public void overridePrice(PriceOverride override) {
        overrides.save(override);
        catalog.refresh();
    }
}
