package io.routstr.gateway.application.port.out;

import io.routstr.gateway.domain.provider.PriceOverride;
import java.util.List;

/** Port: the operator's model price overrides. */
public interface PriceOverridePort {

    List<PriceOverride> findAll();

    /** Stores {@code override}, replacing any for the same model. */
    void save(PriceOverride override);
}
