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

    private static final Map<String, ApiEndpoint> ROUTES = routes();

    private PlainPaidPosts() {}

    /** The route's path (its pattern in the request metric) if {@code request} is one of them, else {@code null}. */
    public static String route(HttpServletRequest request) {
        if (request.getDispatcherType() != DispatcherType.REQUEST
                || !"POST".equals(request.getMethod())
                || request.getHeader(HttpHeaders.ORIGIN) != null) {
            return null;
        }
        // The path as sent: only a route's exact spelling is served so; anything encoded or unusual is MVC's.
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return ROUTES.containsKey(path) ? path : null;
    }

    /** The endpoint a {@link #route} serves. */
    static ApiEndpoint endpoint(String route) {
        return ROUTES.get(route);
    }

    /** The JSON routes, with and without {@code /v1}, as the controller maps them. */
    private static Map<String, ApiEndpoint> routes() {
        Map<String, ApiEndpoint> routes = new HashMap<>();
        for (ApiEndpoint endpoint : List.of(
                ApiEndpoint.CHAT_COMPLETIONS,
                ApiEndpoint.COMPLETIONS,
                ApiEndpoint.EMBEDDINGS,
                ApiEndpoint.RESPONSES,
                ApiEndpoint.MESSAGES)) {
            routes.put("/v1/" + endpoint.path(), endpoint);
            routes.put("/" + endpoint.path(), endpoint);
        }
        return Map.copyOf(routes);
    }
}
