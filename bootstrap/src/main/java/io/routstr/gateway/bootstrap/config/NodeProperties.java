package io.routstr.gateway.bootstrap.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The node's public identity ({@code NAME}, {@code DESCRIPTION}, {@code NPUB}, {@code HTTP_URL}, {@code ONION_URL}).
 */
@ConfigurationProperties("routstr.node")
public record NodeProperties(
        @DefaultValue("ARoutstrNode") String name,
        @DefaultValue("A Routstr Node") String description,
        @DefaultValue("0.0.0") String version,
        @DefaultValue("") String npub,
        @DefaultValue("") String httpUrl,
        @DefaultValue("") String onionUrl) {}
