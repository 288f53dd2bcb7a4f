package io.routstr.gateway.bootstrap.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The admin sign-in: {@code ADMIN_PASSWORD} (Routstr's legacy seed, stored hashed on first start only, when no password
 * exists yet; leave it unset to have one generated and printed once) and the session lifetime
 * ({@code ADMIN_SESSION_SECONDS}, Routstr's fixed 3600 s by default).
 */
@ConfigurationProperties("routstr.admin")
public record AdminProperties(
        @DefaultValue("") String password,
        @DefaultValue("3600s") Duration sessionLifetime) {

    @Override
    public String toString() {
        return "AdminProperties[password=" + (password.isEmpty() ? "" : "[REDACTED]") + ", sessionLifetime="
                + sessionLifetime + "]";
    }
}
