package io.routstr.gateway.bootstrap.config;

import io.routstr.gateway.rest.auth.CreationLimits;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Per-address limits on the unauthenticated work of creating keys and Lightning invoices. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CreationLimitsConfiguration.CreationLimitProperties.class)
class CreationLimitsConfiguration {

    /**
     * Keys ({@code KEY_CREATIONS_PER_MINUTE}) and invoices ({@code INVOICE_CREATIONS_PER_MINUTE}) one client address
     * may create per minute on one instance (0 = no limit); the header a trusted proxy puts the client's address in
     * ({@code CLIENT_ADDRESS_HEADER}, empty = the connection's address); addresses tracked per minute.
     */
    @ConfigurationProperties("routstr.limits")
    record CreationLimitProperties(
            @DefaultValue("60") int keyCreationsPerMinute,
            @DefaultValue("10") int invoiceCreationsPerMinute,
            @DefaultValue("") String clientAddressHeader,
            @DefaultValue("100000") int trackedAddresses) {}

    @Bean
    CreationLimits creationLimits(CreationLimitProperties properties) {
        return new CreationLimits(
                properties.keyCreationsPerMinute(),
                properties.invoiceCreationsPerMinute(),
                Optional.of(properties.clientAddressHeader()),
                properties.trackedAddresses());
    }
}
