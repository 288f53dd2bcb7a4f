package io.routstr.gateway.application.port.in.proxy;

import io.routstr.gateway.application.port.in.proxy.ListModelsUseCase.ListedModel;
import io.routstr.gateway.domain.provider.ModelPath;
import io.routstr.gateway.domain.proxy.ModelId;
import java.util.List;
import java.util.Objects;

/**
 * Use case: every route of every served model as a Routstr model path (§17), each priced on its own provider, for
 * clients that pin a request with {@code X-Routstr-Model-Path} and price it from the route rather than the model.
 */
public interface ListModelPathsUseCase {

    /** Every public model with its routes, best first. */
    List<ModelPaths> list();

    /** One public model and the paths that serve it. */
    record ModelPaths(ModelId modelId, List<RoutePath> paths) {
        public ModelPaths {
            Objects.requireNonNull(modelId, "model id");
            paths = List.copyOf(paths);
        }
    }

    /** One route: its selector and the model as this route serves it, at this provider's prices. */
    record RoutePath(ModelPath path, ListedModel model) {
        public RoutePath {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(model, "model");
        }
    }
}
