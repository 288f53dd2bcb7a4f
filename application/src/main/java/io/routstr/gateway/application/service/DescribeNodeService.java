package io.routstr.gateway.application.service;

import io.routstr.gateway.application.port.in.node.DescribeNodeUseCase;
import io.routstr.gateway.application.port.in.node.NodeInfo;
import java.util.function.Supplier;

/** Describes the node from its configured identity, as it is at the time of asking. */
public final class DescribeNodeService implements DescribeNodeUseCase {

    private final Supplier<NodeInfo> info;

    public DescribeNodeService(NodeInfo info) {
        this(() -> info);
    }

    /** {@code info} is asked at each description, so that an edited name or a new Nostr key shows at once. */
    public DescribeNodeService(Supplier<NodeInfo> info) {
        this.info = info;
    }

    @Override
    public NodeInfo describe() {
        return info.get();
    }
}
