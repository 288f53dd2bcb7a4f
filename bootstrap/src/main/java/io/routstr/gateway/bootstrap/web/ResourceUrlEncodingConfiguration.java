package io.routstr.gateway.bootstrap.web;

import jakarta.servlet.DispatcherType;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.resource.ResourceUrlEncodingFilter;

/**
 * Spring's resource URL encoding filter, which lets templates link versioned static resources, on the admin pages
 * only: the one place the node renders templates. Spring Boot registers it for every path once a WebJars locator is on
 * the class path (springdoc brings one), and on the API routes it wrapped every paid request and its response and
 * intercepted each of their attribute calls, about 2 % of the node's CPU samples, for links no answer there contains
 * (docs/benchmarks.md, "Node CPU per paid request on the AMD host"). Registered under Boot's type, so Boot's own
 * registration backs off.
 */
@Configuration(proxyBeanMethods = false)
public class ResourceUrlEncodingConfiguration {

    @Bean
    FilterRegistrationBean<ResourceUrlEncodingFilter> adminResourceUrlEncodingFilter() {
        FilterRegistrationBean<ResourceUrlEncodingFilter> registration =
                new FilterRegistrationBean<>(new ResourceUrlEncodingFilter());
        // As Boot registers it, for requests and error pages.
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ERROR);
        registration.addUrlPatterns("/admin", "/admin/*");
        return registration;
    }
}
