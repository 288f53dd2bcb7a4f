package io.routstr.gateway.application.port.in.proxy;

/** Use case: ask every enabled provider for its models and the catalogues for their prices, and route by the answer. */
public interface RefreshModelCatalogUseCase {

    /** Refreshes the routes; answers how many public models they now serve. */
    int refresh();
}
