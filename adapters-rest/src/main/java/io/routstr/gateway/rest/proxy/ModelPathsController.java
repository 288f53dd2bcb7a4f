package io.routstr.gateway.rest.proxy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.routstr.gateway.application.port.in.proxy.ListModelPathsUseCase;
import io.routstr.gateway.application.port.in.proxy.ListModelPathsUseCase.ModelPaths;
import io.routstr.gateway.application.port.in.proxy.ListModelPathsUseCase.RoutePath;
import io.routstr.gateway.domain.provider.UpstreamProvider;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/models/paths}: every route of every served model as a Routstr model path (§17), each with its own
 * sats pricing, which Routstr's SDK prices a pinned request from. No authentication.
 */
@RestController
@Tag(name = "Models", description = "Served models with USD and sats prices")
class ModelPathsController {

    private final ListModelPathsUseCase listPaths;

    ModelPathsController(ListModelPathsUseCase listPaths) {
        this.listPaths = listPaths;
    }

    /** Routstr's body: {@code {data:[{id, paths:[…]}], updated_at}}. */
    record PathList(
            List<ModelEntry> data,
            @JsonProperty("updated_at") String updatedAt) {}

    record ModelEntry(String id, List<PathEntry> paths) {
        static ModelEntry from(ModelPaths paths) {
            return new ModelEntry(
                    paths.modelId().value(),
                    paths.paths().stream().map(PathEntry::from).toList());
        }
    }

    /** One route: its opaque selector, its provider, no endpoint tag, and the model at this route's prices. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record PathEntry(String path, Provider provider, Object endpoint, ModelResponse model) {
        static PathEntry from(RoutePath path) {
            UpstreamProvider provider = path.model().route().provider();
            return new PathEntry(
                    path.path().value(),
                    new Provider(
                            provider.id().value(),
                            provider.type().wireName(),
                            provider.type().wireName()),
                    null,
                    ModelResponse.from(path.model()));
        }
    }

    record Provider(String id, String slug, String type) {}

    @Operation(
            summary = "List model paths",
            description =
                    "Every route of every served model: 'path' is the opaque selector a client sends in "
                            + "X-Routstr-Model-Path to pin a request to that route (no failover), and 'model' carries that "
                            + "route's own prices (sats_pricing.max_cost is what a pinned request without size hints reserves).")
    @GetMapping(
            path = {"/v1/models/paths", "/v1/models/paths/"},
            produces = MediaType.APPLICATION_JSON_VALUE)
    PathList paths() {
        return new PathList(
                listPaths.list().stream().map(ModelEntry::from).toList(),
                Instant.now().toString());
    }
}
