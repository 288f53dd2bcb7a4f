package io.routstr.gateway.application.port.out.admin;

/** Port: rebuilds the model routes from the stored providers and overrides, so an operator's change applies at once. */
public interface RefreshModelCatalogPort {

    void refresh();
}
