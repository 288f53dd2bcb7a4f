package io.routstr.gateway.application.service;

import io.routstr.gateway.application.port.in.node.DescribeNodeUseCase;
import io.routstr.gateway.application.port.in.node.NodeInfo;

/** Describes the node from its configured identity. */
public record DescribeNodeService(NodeInfo info) implements DescribeNodeUseCase {

    @Override
    public NodeInfo describe() {
        return info;
    }
}
