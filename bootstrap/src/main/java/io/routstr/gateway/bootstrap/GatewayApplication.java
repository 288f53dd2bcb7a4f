package io.routstr.gateway.bootstrap;

import io.routstr.gateway.persistence.PersistenceConfiguration;
import io.routstr.gateway.rest.RestConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The gateway: wires the application's use cases to the REST, persistence, Cashu and upstream adapters. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
@Import({RestConfiguration.class, PersistenceConfiguration.class})
public class GatewayApplication {

    public static void main(String[] args) {
        SpringApplication.run(GatewayApplication.class, args);
    }
}
