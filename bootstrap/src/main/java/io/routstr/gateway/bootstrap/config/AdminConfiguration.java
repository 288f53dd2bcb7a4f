package io.routstr.gateway.bootstrap.config;

import io.routstr.gateway.application.port.in.admin.AdminAccessUseCase;
import io.routstr.gateway.application.port.in.admin.ViewSettingsUseCase;
import io.routstr.gateway.application.port.out.ClockPort;
import io.routstr.gateway.application.port.out.SettingsStorePort;
import io.routstr.gateway.application.port.out.admin.AdminPasswordPort;
import io.routstr.gateway.application.port.out.admin.AdminSessionPort;
import io.routstr.gateway.application.port.out.admin.AdminTokenPort;
import io.routstr.gateway.application.port.out.admin.PasswordHashPort;
import io.routstr.gateway.application.service.admin.AdminAccessService;
import io.routstr.gateway.application.service.admin.AdminKeysService;
import io.routstr.gateway.application.service.admin.AdminModelUsageService;
import io.routstr.gateway.application.service.admin.AdminProvidersService;
import io.routstr.gateway.application.service.admin.AdminReportsService;
import io.routstr.gateway.application.service.admin.AdminTokensService;
import io.routstr.gateway.application.service.admin.EditSettingsService;
import io.routstr.gateway.application.service.admin.EditableSetting;
import io.routstr.gateway.application.service.admin.LiveSettings;
import io.routstr.gateway.application.service.admin.RevealSeedService;
import io.routstr.gateway.application.service.admin.ViewSettingsService;
import io.routstr.gateway.application.service.admin.WithdrawOwnerFundsService;
import java.io.PrintStream;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.scheduling.annotation.Scheduled;

/** Wires the admin API and dashboard: sign-in, keys, providers, wallet, reports and the node's settings view. */
@Configuration(proxyBeanMethods = false)
@Import({
    AdminTokensService.class,
    RevealSeedService.class,
    AdminKeysService.class,
    AdminProvidersService.class,
    WithdrawOwnerFundsService.class,
    AdminReportsService.class,
    EditSettingsService.class,
    AdminModelUsageService.class
})
class AdminConfiguration {

    @Bean
    AdminAccessUseCase adminAccess(
            AdminPasswordPort passwords,
            PasswordHashPort hasher,
            AdminSessionPort sessions,
            AdminTokenPort tokens,
            ClockPort clock,
            AdminProperties admin) {
        return new AdminAccessService(passwords, hasher, sessions, tokens, clock, admin.sessionLifetime());
    }

    /**
     * On first start the password is set: from {@code ADMIN_PASSWORD} if given, else generated and printed once to
     * standard output with the dashboard's address (Routstr §9), not through the logger, so that no log file or log
     * shipper keeps it. Every later start finds the hash and prints nothing.
     */
    @Bean
    ApplicationRunner adminPasswordOnFirstStart(AdminAccessUseCase access, AdminProperties admin) {
        return arguments -> access.initializePassword(
                        Optional.of(admin.password()).filter(p -> !p.isBlank()))
                .ifPresent(password -> printOnce(System.out, password));
    }

    private static void printOnce(PrintStream out, String password) {
        out.println();
        out.println("==================================================================");
        out.println(" Admin dashboard: /admin");
        out.println(" Admin password (shown this once; change it in Settings): " + password);
        out.println("==================================================================");
        out.println();
        out.flush();
    }

    /** The editable settings: the environment's values, overridden by the operator's edits in the database. */
    @Bean
    LiveSettings liveSettings(NodeProperties node, SettingsStorePort store) {
        Map<EditableSetting, String> environment = new EnumMap<>(EditableSetting.class);
        environment.put(EditableSetting.NAME, node.name());
        environment.put(EditableSetting.DESCRIPTION, node.description());
        environment.put(EditableSetting.HTTP_URL, Objects.requireNonNullElse(node.httpUrl(), ""));
        environment.put(EditableSetting.ONION_URL, Objects.requireNonNullElse(node.onionUrl(), ""));
        LiveSettings live = new LiveSettings(environment, store);
        live.reload();
        return live;
    }

    @Bean
    SettingsRefreshJob settingsRefreshJob(LiveSettings live) {
        return new SettingsRefreshJob(live);
    }

    /** Takes up settings edited on another instance within a minute; the instance that took the edit applied it. */
    static final class SettingsRefreshJob {

        private static final Logger log = LoggerFactory.getLogger(SettingsRefreshJob.class);

        private final LiveSettings live;

        SettingsRefreshJob(LiveSettings live) {
            this.live = live;
        }

        @Scheduled(fixedDelay = 30_000, initialDelay = 30_000)
        void run() {
            try {
                live.reload();
            } catch (RuntimeException e) {
                log.warn("Settings refresh failed; the node keeps the values it had: {}", e.toString());
            }
        }
    }

    /** Names that hold a secret (or may, like a database URL with its password): shown as redacted when set. */
    private static final Pattern SECRET_NAME = Pattern.compile(".*(KEY|SECRET|PASSWORD|NSEC|TOKEN|DATABASE_URL).*");

    private static final Pattern PLACEHOLDER = Pattern.compile("^\\$\\{([A-Z][A-Z0-9_]*)");

    /**
     * Every setting {@code application.yml} binds to an environment name, with its effective value: the same list
     * {@code docs/configuration.md} documents, so the view cannot drift from what the node reads.
     */
    @Bean
    ViewSettingsUseCase viewSettings(ConfigurableEnvironment environment) {
        Map<String, String> settings = new TreeMap<>();
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (!(source instanceof EnumerablePropertySource<?> enumerable)
                    || !source.getName().contains("application.yml")) {
                continue;
            }
            for (String property : enumerable.getPropertyNames()) {
                Object raw = enumerable.getProperty(property);
                Matcher placeholder = PLACEHOLDER.matcher(String.valueOf(raw));
                if (placeholder.find()) {
                    settings.putIfAbsent(placeholder.group(1), environment.getProperty(property, ""));
                }
            }
        }
        Set<String> secrets = settings.keySet().stream()
                .filter(name -> SECRET_NAME.matcher(name).matches())
                .collect(java.util.stream.Collectors.toSet());
        return new ViewSettingsService(settings, secrets);
    }
}
