package io.routstr.gateway.bootstrap.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

/** Spring MVC publishes no event after each request: nothing in the node listens to one, and each costs CPU. */
class RequestHandledEventsTest {

    @Test
    void theNodeTurnsOffSpringsRequestHandledEvents() throws IOException {
        StandardEnvironment environment = new StandardEnvironment();
        new YamlPropertySourceLoader()
                .load("application.yml", new ClassPathResource("application.yml"))
                .forEach(source -> environment.getPropertySources().addLast(source));

        assertThat(environment.getProperty("spring.mvc.publish-request-handled-events", Boolean.class, true))
                .isFalse();
    }
}
