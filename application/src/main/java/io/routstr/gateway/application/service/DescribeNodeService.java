package io.routstr.gateway.application.service;

import io.routstr.gateway.application.port.in.node.DescribeNodeUseCase;
import io.routstr.gateway.application.port.in.node.NodeInfo;

/** Describes the node from its configured identity. */
public final class DescribeNodeService implements DescribeNodeUseCase {

    private final NodeInfo info;

    public DescribeNodeService(NodeInfo info) {
        this.info = info;
    }

    @Override
    public NodeInfo describe() {
        return info;
    }
}
