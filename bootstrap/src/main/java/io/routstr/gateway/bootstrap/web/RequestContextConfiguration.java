package io.routstr.gateway.bootstrap.web;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.RequestContextFilter;

/**
 * No request-context filter in front of the dispatcher servlet. Spring Boot registers one for every request so that
 * code in filters after it can find the request through {@code RequestContextHolder}; none of the node's filters looks
 * there (they all run before it), and the dispatcher servlet sets the same context for the handlers, the one place the
 * node reads it ({@code TurnsTakenAtTheDoor}). On the paid path it cost a filter's pass and two context swaps per
 * request (docs/benchmarks.md, "Three servlet filters that did nothing"). A registration of the filter's type, never
 * enabled, makes Boot's own back off.
 */
@Configuration(proxyBeanMethods = false)
public class RequestContextConfiguration {

    @Bean
    FilterRegistrationBean<RequestContextFilter> noRequestContextFilter() {
        FilterRegistrationBean<RequestContextFilter> registration =
                new FilterRegistrationBean<>(new RequestContextFilter());
        registration.setEnabled(false);
        return registration;
    }
}
