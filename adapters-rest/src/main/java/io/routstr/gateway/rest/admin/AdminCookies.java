package io.routstr.gateway.rest.admin;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;

/**
 * The session cookie: HttpOnly (no script reads it), SameSite=Strict (no other site's request carries it), Secure when
 * the request came over HTTPS (directly or through a proxy that says so), and scoped to {@code /admin}.
 */
final class AdminCookies {

    static final String SESSION = "routstr_admin_session";

    private AdminCookies() {}

    static Optional<String> session(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return Optional.empty();
        }
        return Arrays.stream(cookies)
                .filter(c -> SESSION.equals(c.getName()))
                .map(Cookie::getValue)
                .filter(v -> !v.isBlank())
                .findFirst();
    }

    static void set(HttpServletRequest request, HttpServletResponse response, String token, Duration lifetime) {
        response.addHeader(
                HttpHeaders.SET_COOKIE, cookie(request, token, lifetime).toString());
    }

    static void clear(HttpServletRequest request, HttpServletResponse response) {
        response.addHeader(
                HttpHeaders.SET_COOKIE, cookie(request, "", Duration.ZERO).toString());
    }

    private static ResponseCookie cookie(HttpServletRequest request, String value, Duration lifetime) {
        boolean https = request.isSecure() || "https".equalsIgnoreCase(request.getHeader("X-Forwarded-Proto"));
        return ResponseCookie.from(SESSION, value)
                .httpOnly(true)
                .secure(https)
                .sameSite("Strict")
                .path("/admin")
                .maxAge(lifetime)
                .build();
    }
}
