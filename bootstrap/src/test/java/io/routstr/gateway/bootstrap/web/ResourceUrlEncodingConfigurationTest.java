package io.routstr.gateway.bootstrap.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.thymeleaf.ThymeleafAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.web.servlet.resource.ResourceUrlEncodingFilter;

/**
 * Spring's resource URL encoding filter wraps only the admin pages, the one place templates render links: on the API
 * routes it wrapped every paid request's request and response for nothing (docs/benchmarks.md).
 */
class ResourceUrlEncodingConfigurationTest {

    private final WebApplicationContextRunner context = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ThymeleafAutoConfiguration.class))
            // The resource chain is on in the node because a WebJars locator is on its class path (springdoc's).
            .withPropertyValues("spring.web.resources.chain.enabled=true")
            .withUserConfiguration(ResourceUrlEncodingConfiguration.class);

    @Test
    void theResourceUrlEncodingFilterIsRegisteredOnceForTheAdminPagesOnly() {
        context.run(started -> {
            assertThat(started).hasNotFailed();
            List<FilterRegistrationBean<?>> registrations =
                    started.getBeansOfType(FilterRegistrationBean.class).values().stream()
                            .<FilterRegistrationBean<?>>map(registration -> registration)
                            .filter(registration -> registration.getFilter() instanceof ResourceUrlEncodingFilter)
                            .toList();
            assertThat(registrations).hasSize(1);
            assertThat(registrations.getFirst().getUrlPatterns()).containsExactlyInAnyOrder("/admin", "/admin/*");
        });
    }
}
