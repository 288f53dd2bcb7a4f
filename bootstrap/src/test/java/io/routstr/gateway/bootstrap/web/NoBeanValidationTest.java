package io.routstr.gateway.bootstrap.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.test.util.ReflectionTestUtils;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;

/**
 * Spring MVC validates no handler's arguments: nothing in the node uses Bean Validation, and with its API on the class
 * path MVC looked up each handler's validation groups on every call, paid requests included (docs/benchmarks.md). No
 * provider ships either (Hibernate Validator came with springdoc's starter).
 */
class NoBeanValidationTest {

    private final WebApplicationContextRunner context = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    ValidationAutoConfiguration.class,
                    HttpMessageConvertersAutoConfiguration.class,
                    DispatcherServletAutoConfiguration.class,
                    WebMvcAutoConfiguration.class))
            .withUserConfiguration(NoMethodValidationConfiguration.class);

    @Test
    void springMvcCallsHandlersWithoutAMethodValidator() {
        context.run(started -> {
            assertThat(started).hasNotFailed();
            RequestMappingHandlerAdapter handlers = started.getBean(RequestMappingHandlerAdapter.class);
            // No getter: the field is what each handler call consults.
            assertThat(ReflectionTestUtils.getField(handlers, "methodValidator"))
                    .isNull();
        });
    }

    @Test
    void noBeanValidationProviderIsOnTheClassPath() {
        assertThat(getClass()
                        .getClassLoader()
                        .getResource("META-INF/services/jakarta.validation.spi.ValidationProvider"))
                .isNull();
    }
}
