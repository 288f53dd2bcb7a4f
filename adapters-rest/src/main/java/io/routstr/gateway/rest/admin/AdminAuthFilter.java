package io.routstr.gateway.rest.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.routstr.gateway.application.port.in.admin.AdminAccessUseCase;
import io.routstr.gateway.application.port.in.admin.AdminAccessUseCase.AdminPrincipal;
import io.routstr.gateway.rest.error.ApiError;
import io.routstr.gateway.rest.support.RequestIdFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Set;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The one gate of everything under {@code /admin}: the API answers 401 without a live session or API token, the
 * dashboard sends the browser to its login page. A session travels in an HttpOnly cookie (or as a bearer token); a
 * state-changing request made with the cookie must carry the session's CSRF token (a form field or a header), since a
 * browser attaches the cookie to requests that other sites start.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class AdminAuthFilter extends OncePerRequestFilter {

    static final String PRINCIPAL = AdminAuthFilter.class.getName() + ".principal";
    static final String CSRF_HEADER = "X-CSRF-Token";
    static final String CSRF_FIELD = "_csrf";

    private static final Set<String> OPEN = Set.of("/admin/api/login", "/admin/login");
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private final AdminAccessUseCase access;
    private final ObjectMapper mapper;

    AdminAuthFilter(AdminAccessUseCase access, ObjectMapper mapper) {
        this.access = access;
        this.mapper = mapper;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !(path.equals("/admin") || path.startsWith("/admin/")) || OPEN.contains(path);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean api = isApi(request);
        Optional<String> bearer = bearer(request);
        Optional<String> cookie = AdminCookies.session(request);
        Optional<AdminPrincipal> principal = bearer.or(() -> cookie).flatMap(access::authenticate);
        if (principal.isEmpty()) {
            if (api) {
                reject(
                        response,
                        request,
                        401,
                        "Admin authentication required",
                        "authentication_error",
                        "admin_unauthorized");
            } else {
                response.sendRedirect(request.getContextPath() + "/admin/login");
            }
            return;
        }
        boolean byCookie = bearer.isEmpty();
        if (byCookie && !SAFE_METHODS.contains(request.getMethod()) && !csrfMatches(request, principal.get())) {
            reject(response, request, 403, "Missing or wrong CSRF token", "permission_error", "admin_csrf_failed");
            return;
        }
        request.setAttribute(PRINCIPAL, principal.get());
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Frame-Options", "DENY");
        chain.doFilter(request, response);
    }

    private static boolean isApi(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.startsWith("/admin/api/") || path.equals("/admin/withdraw");
    }

    /** The admin token a script sends as {@code Authorization: Bearer …}, if any. */
    static Optional<String> bearer(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        return Optional.of(header.substring(7).strip()).filter(s -> !s.isEmpty());
    }

    private static boolean csrfMatches(HttpServletRequest request, AdminPrincipal principal) {
        String sent = request.getHeader(CSRF_HEADER);
        if (sent == null) {
            sent = request.getParameter(CSRF_FIELD);
        }
        String expected = principal.csrfToken().orElse(null);
        return sent != null
                && expected != null
                && MessageDigest.isEqual(
                        sent.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }

    private void reject(
            HttpServletResponse response,
            HttpServletRequest request,
            int status,
            String message,
            String type,
            String code)
            throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        mapper.writeValue(response.getOutputStream(), ApiError.of(message, type, code, RequestIdFilter.idOf(request)));
    }
}
