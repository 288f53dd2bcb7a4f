package io.routstr.gateway.rest.proxy;

import io.routstr.gateway.domain.proxy.ApiEndpoint;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;

/**
 * The requests the proxy serves without Spring MVC's dispatch ({@link PaidRouteFilter}): a client's POST as it
 * arrived (not a forward or an error dispatch), not a browser's (CORS is MVC's), to one of the JSON routes spelled
 * exactly, with or without {@code /v1}. Public so that the request metric's timing can tell them apart the same way.
 */
public final class PlainPaidPosts {

    private static final Map<String, Route> ROUTES = routes();

    private PlainPaidPosts() {}

    /** A route served so: its path as sent (its pattern in the request metric) and the endpoint it serves. */
    public record Route(String path, ApiEndpoint endpoint) {}

    /** The route {@code request} is sent to if it is one of them, else {@code null}. */
    public static Route route(HttpServletRequest request) {
        if (request.getDispatcherType() != DispatcherType.REQUEST
                || !"POST".equals(request.getMethod())
                || request.getHeader(HttpHeaders.ORIGIN) != null) {
            return null;
        }
        // The path as sent: only a route's exact spelling is served so; anything encoded or unusual is MVC's.
        return ROUTES.get(
                request.getRequestURI().substring(request.getContextPath().length()));
    }

    /** The JSON routes, with and without {@code /v1}, as the controller maps them. */
    private static Map<String, Route> routes() {
        Map<String, Route> routes = new HashMap<>();
        for (ApiEndpoint endpoint : List.of(
                ApiEndpoint.CHAT_COMPLETIONS,
                ApiEndpoint.COMPLETIONS,
                ApiEndpoint.EMBEDDINGS,
                ApiEndpoint.RESPONSES,
                ApiEndpoint.MESSAGES)) {
            for (String path : List.of("/v1/" + endpoint.path(), "/" + endpoint.path())) {
                routes.put(path, new Route(path, endpoint));
            }
        }
        return Map.copyOf(routes);
    }
}
