package io.routstr.gateway.application.port.in.node;

/** Use case: tell clients who this node is and which mints it accepts ({@code /v1/info}). */
public interface DescribeNodeUseCase {

    NodeInfo describe();
}
