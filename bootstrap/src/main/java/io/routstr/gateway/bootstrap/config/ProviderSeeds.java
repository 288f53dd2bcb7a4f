package io.routstr.gateway.bootstrap.config;

import io.routstr.gateway.application.port.in.proxy.SeedProvidersUseCase.ProviderSeed;
import java.util.List;

/** The providers named by the environment, to seed an empty provider table with. */
public record ProviderSeeds(List<ProviderSeed> seeds) {

    public ProviderSeeds {
        seeds = List.copyOf(seeds);
    }
}
