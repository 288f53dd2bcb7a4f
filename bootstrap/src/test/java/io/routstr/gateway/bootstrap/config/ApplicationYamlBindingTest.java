package io.routstr.gateway.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

/** Routstr's environment variables reach the properties the node reads, through {@code application.yml}. */
class ApplicationYamlBindingTest {

    /** The value {@code property} takes when the node starts with exactly {@code variables} in its environment. */
    private static String resolve(String property, Map<String, Object> variables) throws IOException {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().addFirst(new MapPropertySource("env", variables));
        new YamlPropertySourceLoader()
                .load("application.yml", new ClassPathResource("application.yml"))
                .forEach(source -> environment.getPropertySources().addLast(source));
        return environment.getProperty(property);
    }

    @Test
    void privateRefundDestinationsAreRefusedUnlessRefundAllowPrivateDestinationsSaysOtherwise() throws IOException {
        String property = "routstr.lightning.allow-private-refund-destinations";
        assertThat(resolve(property, Map.of())).isEqualTo("false");
        assertThat(resolve(property, Map.of("REFUND_ALLOW_PRIVATE_DESTINATIONS", "true")))
                .isEqualTo("true");
    }
}
