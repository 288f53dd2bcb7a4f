package io.routstr.gateway.application.service;

import io.routstr.gateway.application.port.in.node.DescribeNodeUseCase;
import io.routstr.gateway.application.port.in.node.NodeInfo;
import java.util.function.Supplier;

/** Describes the node from its configured identity, as it is at the time of asking. */
public record DescribeNodeService(Supplier<NodeInfo> info) implements DescribeNodeUseCase {

    public DescribeNodeService(NodeInfo info) {
        this(() -> info);
    }

    @Override
    public NodeInfo describe() {
        return info.get();
    }
}
