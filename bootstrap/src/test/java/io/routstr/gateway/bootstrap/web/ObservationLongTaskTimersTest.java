package io.routstr.gateway.bootstrap.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

/**
 * Observations (the HTTP requests' {@code http_server_requests_seconds} among them) keep their timers but start no
 * long-task timer of in-flight ones: nothing reads those, and each cost CPU on every paid request.
 */
class ObservationLongTaskTimersTest {

    @Test
    void theNodeStartsNoLongTaskTimerPerObservation() throws IOException {
        StandardEnvironment environment = new StandardEnvironment();
        new YamlPropertySourceLoader()
                .load("application.yml", new ClassPathResource("application.yml"))
                .forEach(source -> environment.getPropertySources().addLast(source));

        assertThat(environment.getProperty("management.observations.long-task-timer.enabled", Boolean.class, true))
                .isFalse();
    }
}
