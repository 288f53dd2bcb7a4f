package io.routstr.gateway.application.fake;

import io.routstr.gateway.application.port.out.ModelCataloguePort;
import io.routstr.gateway.domain.provider.CatalogModel;
import java.util.List;
import java.util.Optional;

/** {@link ModelCataloguePort} with a models file and a live catalogue tests set; no live catalogue: it is down. */
public final class FakeModelCatalogues implements ModelCataloguePort {

    private final List<CatalogModel> modelsFile;
    private Optional<List<CatalogModel>> live = Optional.empty();

    public FakeModelCatalogues(List<CatalogModel> modelsFile) {
        this.modelsFile = List.copyOf(modelsFile);
    }

    /** The live catalogue answers {@code models} from now on. */
    public synchronized FakeModelCatalogues live(List<CatalogModel> models) {
        live = Optional.of(List.copyOf(models));
        return this;
    }

    /** The live catalogue does not answer from now on. */
    public synchronized FakeModelCatalogues liveDown() {
        live = Optional.empty();
        return this;
    }

    @Override
    public List<CatalogModel> modelsFile() {
        return modelsFile;
    }

    @Override
    public synchronized Optional<List<CatalogModel>> fetchLive() {
        return live;
    }
}
