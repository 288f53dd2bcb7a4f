package io.routstr.gateway.rest.node;

import io.routstr.gateway.application.port.in.node.DescribeNodeUseCase;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /v1/info}: who this node is and which mints it accepts. No authentication. */
@RestController
@Tag(name = "Node", description = "Node identity")
record NodeInfoController(DescribeNodeUseCase describeNode, NodeInfoMapper mapper) {

    @Operation(summary = "Node information", description = "Name, description, version, Nostr npub, mints, URLs")
    @GetMapping(path = "/v1/info", produces = MediaType.APPLICATION_JSON_VALUE)
    NodeInfoResponse info() {
        return mapper.toResponse(describeNode.describe());
    }
}
