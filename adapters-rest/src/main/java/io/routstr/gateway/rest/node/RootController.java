package io.routstr.gateway.rest.node;

import io.routstr.gateway.application.port.in.node.DescribeNodeUseCase;
import io.routstr.gateway.application.port.in.node.NodeInfo;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /}: Routstr's root document (§2.1), where Routstr's client SDK starts and the provider discovery probes a
 * node's health. The node serves no web UI, so it always answers the JSON Routstr answers when it has none.
 */
@RestController
@Tag(name = "Node", description = "Node identity")
record RootController(DescribeNodeUseCase describeNode) {

    static final String RUNNING = "running";
    static final String NO_UI = "not available";

    @Operation(summary = "Root document", description = "Name, description, version, status and whether a UI is served")
    @GetMapping(path = "/", produces = MediaType.APPLICATION_JSON_VALUE)
    RootResponse root() {
        NodeInfo info = describeNode.describe();
        return new RootResponse(info.name(), info.description(), info.version(), RUNNING, NO_UI);
    }

    /** Routstr's root body: {@code {name, description, version, status, ui}}. */
    record RootResponse(String name, String description, String version, String status, String ui) {}
}
