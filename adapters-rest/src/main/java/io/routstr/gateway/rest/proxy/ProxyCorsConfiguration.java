package io.routstr.gateway.rest.proxy;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * CORS as Routstr sets it (§2): origins from {@code CORS_ORIGINS} (default any), credentials allowed, and the headers
 * browser clients must read exposed: the request id, the change token and the cost headers (routstr-clients §6).
 */
@Configuration(proxyBeanMethods = false)
class ProxyCorsConfiguration implements WebMvcConfigurer {

    private final String[] origins;

    ProxyCorsConfiguration(@Value("${routstr.proxy.cors-origins:*}") String origins) {
        this.origins = origins.isBlank() ? new String[] {"*"} : origins.split("\\s*,\\s*");
    }

    @Override
    public void addCorsMappings(CorsRegistry registry) {
        registry.addMapping("/**")
                .allowedOriginPatterns(origins)
                .allowedMethods("*")
                .allowedHeaders("*")
                .allowCredentials(true)
                .exposedHeaders(
                        "x-routstr-request-id",
                        "x-cashu",
                        ProxyController.COST_MSATS,
                        ProxyController.COST_USD,
                        ProxyController.INPUT_COST_MSATS,
                        ProxyController.OUTPUT_COST_MSATS,
                        "x-routstr-provider");
    }
}
