package io.routstr.gateway.bootstrap.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.bootstrap.proxy.NodeOnTestMint;
import jakarta.servlet.FilterRegistration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;

/**
 * The running node's servlet filters: each paid request passes through every one, so none is there that does nothing
 * for it. Spring's form-content filter (it parses form bodies of PUT, PATCH and DELETE, which the API never takes), its
 * request-context filter (the dispatcher servlet sets the same request context itself) and Jetty's WebSocket upgrade
 * filter (the node serves no WebSocket) cost together an estimated 2–4 % of the node's CPU samples at 64 connections
 * (docs/benchmarks.md, "Three servlet filters that did nothing").
 */
@NodeOnTestMint
class ServletFiltersTest {

    @Autowired
    ServletWebServerApplicationContext context;

    @Test
    void theNodesFiltersAreItsOwnAndThoseItUses_noFormContentRequestContextOrWebSocketFilter() {
        List<String> filters = context.getServletContext().getFilterRegistrations().values().stream()
                .map(FilterRegistration::getClassName)
                .toList();

        assertThat(filters)
                .anyMatch(name -> name.endsWith(".RequestIdFilter"))
                .anyMatch(name -> name.endsWith(
                        ".PaidRoutesObservationFilter")) // Spring's observation, with the paid routes timed directly
                .anyMatch(name -> name.endsWith(".PaidRouteFilter"))
                .noneMatch(name -> name.endsWith("FormContentFilter"))
                .noneMatch(name -> name.endsWith("RequestContextFilter"))
                .noneMatch(name -> name.contains("WebSocket") || name.endsWith(".WsFilter"));
    }
}
