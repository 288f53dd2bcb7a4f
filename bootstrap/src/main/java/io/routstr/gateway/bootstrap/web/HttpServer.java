package io.routstr.gateway.bootstrap.web;

import java.util.Locale;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The servlet container the node runs in, {@code HTTP_SERVER}: Jetty ({@link JettyServerConfiguration}) unless Tomcat
 * ({@link TomcatConfiguration}) is asked for. Jetty by default since it answers an overload whole (Tomcat closes the
 * connection after every 503 it sends, so a shed client reconnects: 215,972 connections opened in one overload run)
 * and holds 5,000 open streams in less memory (peak RSS 795-889 MiB against 1.26-1.31 GiB; docs/benchmarks.md,
 * sessions 30-31), at the same CPU per request.
 */
public enum HttpServer {
    TOMCAT,
    JETTY;

    /** The property both containers' configurations are conditional on. */
    static final String PROPERTY = "routstr.http.server";

    /**
     * The container {@code name} names, in any case. Anything else stops the start: a misspelt name would match
     * neither configuration and leave the node on Boot's Tomcat without the node's settings.
     */
    public static HttpServer named(String name) {
        for (HttpServer server : values()) {
            if (server.name().equals(name.toUpperCase(Locale.ROOT))) {
                return server;
            }
        }
        throw new IllegalArgumentException("HTTP_SERVER must be tomcat or jetty, not '" + name + "'");
    }

    /** Reads the choice at start, so that a value neither configuration takes fails the start. */
    @Configuration(proxyBeanMethods = false)
    static class Choice {

        @Bean
        HttpServer httpServer(@Value("${" + PROPERTY + ":jetty}") String name) {
            return named(name);
        }
    }
}
