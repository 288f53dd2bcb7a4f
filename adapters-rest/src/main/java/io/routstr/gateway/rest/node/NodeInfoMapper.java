package io.routstr.gateway.rest.node;

import io.routstr.gateway.application.port.in.node.NodeInfo;
import org.mapstruct.Mapper;
import org.mapstruct.Mapping;
import org.mapstruct.ReportingPolicy;

/** Maps the node description to its wire shape. */
@Mapper(componentModel = "spring", unmappedTargetPolicy = ReportingPolicy.ERROR)
interface NodeInfoMapper {

    @Mapping(target = "childKeys", expression = "java(NodeInfoResponse.ChildKeys.of(info.childKeyCostMsats()))")
    NodeInfoResponse toResponse(NodeInfo info);
}
