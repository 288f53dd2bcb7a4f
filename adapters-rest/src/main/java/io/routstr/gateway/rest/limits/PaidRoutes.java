package io.routstr.gateway.rest.limits;

import io.routstr.gateway.domain.proxy.ApiEndpoint;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The requests that will need a turn at work, told apart before Spring's dispatch by their method and path: a POST
 * under {@code /v1/} outside the balance API (the proxy's routes and its allowlisted catch-all), or to an
 * endpoint's path without {@code /v1} (Routstr's aliases). A request it misses still meets the bound on work, later.
 */
final class PaidRoutes {

    private static final Set<String> ALIASES = Arrays.stream(ApiEndpoint.values())
            .map(ApiEndpoint::path)
            .filter(path -> !path.isEmpty())
            .map(path -> "/" + path)
            .collect(Collectors.toUnmodifiableSet());

    private PaidRoutes() {}

    static boolean isPaid(HttpServletRequest request) {
        return isPaid(
                request.getMethod(),
                request.getRequestURI().substring(request.getContextPath().length()));
    }

    /** The same, from the method and the path within the servlet context, before a servlet request exists. */
    static boolean isPaid(String method, String path) {
        if (!"POST".equals(method)) {
            return false;
        }
        if (path.startsWith("/v1/")) {
            return !path.startsWith("/v1/balance/") && !path.startsWith("/v1/wallet/");
        }
        return ALIASES.contains(path);
    }
}
