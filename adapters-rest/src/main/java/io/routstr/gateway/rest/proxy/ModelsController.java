package io.routstr.gateway.rest.proxy;

import io.routstr.gateway.application.port.in.proxy.ListModelsUseCase;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /v1/models}: the models this node serves and their prices. No authentication (Routstr §2.1). */
@RestController
@Tag(name = "Models", description = "Served models with USD and sats prices")
class ModelsController {

    private final ListModelsUseCase listModels;

    ModelsController(ListModelsUseCase listModels) {
        this.listModels = listModels;
    }

    /** Routstr's list body: {@code {"data":[…]}}, no {@code object} field. */
    record ModelList(List<ModelResponse> data) {}

    @Operation(
            summary = "List models",
            description = "Every served model once, priced at its cheapest provider with that provider's fee: "
                    + "pricing in USD per unit, sats_pricing in sats (absent until a BTC/USD rate is known); "
                    + "sats_pricing.max_cost is what a request without size hints reserves.")
    @GetMapping(
            path = {"/v1/models", "/v1/models/", "/models", "/models/"},
            produces = MediaType.APPLICATION_JSON_VALUE)
    ModelList models() {
        return new ModelList(listModels.list().stream().map(ModelResponse::from).toList());
    }
}
