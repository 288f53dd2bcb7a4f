package io.routstr.gateway.rest.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.routstr.gateway.domain.proxy.ApiEndpoint;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.filter.ServerHttpObservationFilter;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Serves a plain paid POST to one of the proxy's JSON routes at the end of the filter chain, with the same
 * {@link ProxyController} code, without Spring MVC's dispatch. At 64 connections the dispatch around the controller
 * (the handler lookup among a hundred mappings, the handler adapter's argument and return-value machinery) was 12.8 %
 * of the node's CPU samples for a route that takes the raw request and writes its own answer (docs/benchmarks.md,
 * "The paid routes without Spring MVC's dispatch").
 *
 * <p>Everything that needs MVC is passed on to it: another method, a browser's request ({@code Origin}: CORS is
 * MVC's), the uploads, the allowlisted catch-all and every other path. What the request meets stays the same: the
 * servlet filters before this one, the request context the paid path reads its turn from, the path pattern its
 * {@code http_server_requests} metric is tagged with, the error answer MVC would write, and a fault resolved by the
 * node's exception handlers as MVC resolves it.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE)
class PaidRouteFilter implements Filter {

    private final Supplier<ProxyController> proxy;
    private final Supplier<HandlerExceptionResolver> faults;
    private final ObjectMapper mapper;

    @Autowired
    PaidRouteFilter(
            ObjectProvider<ProxyController> proxy,
            @Qualifier(DispatcherServlet.HANDLER_EXCEPTION_RESOLVER_BEAN_NAME)
                    ObjectProvider<HandlerExceptionResolver> faults,
            ObjectMapper mapper) {
        // Looked up at the first request: filters are made as the server starts, before MVC's beans.
        this(SingletonSupplier.of(proxy::getObject), SingletonSupplier.of(faults::getObject), mapper);
    }

    PaidRouteFilter(Supplier<ProxyController> proxy, Supplier<HandlerExceptionResolver> faults, ObjectMapper mapper) {
        this.proxy = proxy;
        this.faults = faults;
        this.mapper = mapper;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        PlainPaidPosts.Route route = PlainPaidPosts.route(request);
        if (route == null) {
            chain.doFilter(request, response);
            return;
        }
        ApiEndpoint endpoint = route.endpoint();
        // What the dispatcher would have set: the paid path finds the door's turn through the request context.
        ServletRequestAttributes attributes = new ServletRequestAttributes(request, response);
        RequestContextHolder.setRequestAttributes(attributes);
        ServerHttpObservationFilter.findObservationContext(request)
                .ifPresent(observation -> observation.setPathPattern(route.path()));
        try {
            ResponseEntity<Object> refusal = proxy.get().handle(endpoint, endpoint.path(), request, response);
            if (refusal != null) {
                write(refusal, response);
            }
        } catch (RuntimeException fault) {
            // As the dispatcher does: the node's exception handlers answer it, or the container's error page.
            if (faults.get().resolveException(request, response, null, fault) == null) {
                throw fault;
            }
        } finally {
            RequestContextHolder.resetRequestAttributes();
            attributes.requestCompleted();
        }
    }

    /**
     * An error answer as MVC writes it: the controller's answers are JSON with their content type set (refusals, an
     * upstream's failure), written with the application's mapper, as the message converter does.
     */
    private void write(ResponseEntity<Object> answer, HttpServletResponse response) throws IOException {
        response.setStatus(answer.getStatusCode().value());
        answer.getHeaders().forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
        byte[] body = mapper.writeValueAsBytes(answer.getBody());
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
