package io.routstr.gateway.rest.proxy;

import java.util.Arrays;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.CorsRegistration;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * CORS from {@code CORS_ORIGINS} (default {@code *}), with the headers browser clients must read exposed: the request
 * id, the change token and the cost headers (routstr-clients §6).
 *
 * <p>Routstr allows credentials for every origin, which makes a browser send a visitor's cookies and HTTP auth from
 * any site and lets that site read the answer. Here {@code *} (alone or among others) allows any origin without
 * credentials, and credentials are allowed only when every origin is listed by name. Clients authenticate with a
 * bearer header, which needs no credentials mode, so the default changes nothing for them.
 */
@Configuration(proxyBeanMethods = false)
class ProxyCorsConfiguration implements WebMvcConfigurer {

    private final List<String> origins;

    ProxyCorsConfiguration(@Value("${routstr.proxy.cors-origins:*}") String origins) {
        this.origins = Arrays.stream(origins.split(","))
                .map(String::strip)
                .filter(origin -> !origin.isEmpty())
                .toList();
    }

    @Override
    public void addCorsMappings(CorsRegistry registry) {
        CorsRegistration mapping = registry.addMapping("/**");
        if (origins.isEmpty() || origins.contains("*")) {
            mapping.allowedOrigins("*").allowCredentials(false);
        } else {
            mapping.allowedOrigins(origins.toArray(String[]::new)).allowCredentials(true);
        }
        mapping.allowedMethods("*")
                .allowedHeaders("*")
                .exposedHeaders(
                        "x-routstr-request-id",
                        "x-cashu",
                        ProxyController.COST_MSATS,
                        ProxyController.COST_USD,
                        ProxyController.INPUT_COST_MSATS,
                        ProxyController.OUTPUT_COST_MSATS,
                        "x-routstr-provider",
                        ProxyController.ERROR_SCOPE);
    }
}
