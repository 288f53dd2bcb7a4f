package io.routstr.gateway.bootstrap.config;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.routstr.gateway.rest.limits.InFlightLimitFilter;
import io.routstr.gateway.rest.limits.InFlightLimits;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** How many requests the node serves at once and how long one may wait for a turn before it is shed with 503. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OverloadConfiguration.OverloadProperties.class)
class OverloadConfiguration {

    /** Waiters per pooled connection beyond which new requests are shed. */
    static final int SATURATED_WAITERS_PER_CONNECTION = 10;

    /**
     * Requests in flight at most ({@code MAX_CONCURRENT_REQUESTS}) and the longest wait for one to finish
     * ({@code REQUEST_QUEUE_TIMEOUT_MS}).
     */
    @ConfigurationProperties("routstr.overload")
    record OverloadProperties(
            @DefaultValue("10000") int maxConcurrentRequests,
            @DefaultValue("100ms") Duration queueTimeout) {}

    @Bean
    InFlightLimits inFlightLimits(OverloadProperties properties) {
        return new InFlightLimits(properties.maxConcurrentRequests(), properties.queueTimeout());
    }

    /**
     * The database pool is saturated while ten times as many requests wait for a connection as it holds: a newcomer
     * would wait behind ten turns of the whole pool, and the requests already holding a reservation need connections
     * to settle. One pool's worth of waiters is normal under a burst (a paid request takes a connection several times);
     * at that threshold a closed loop of 64 clients on a busy 2-core machine was shed almost entirely.
     */
    @Bean
    InFlightLimitFilter.Saturation databasePoolSaturation(DataSource dataSource) {
        if (!(dataSource instanceof HikariDataSource hikari)) {
            return InFlightLimitFilter.Saturation.NEVER;
        }
        return () -> {
            HikariPoolMXBean pool = hikari.getHikariPoolMXBean();
            return pool != null
                    && pool.getThreadsAwaitingConnection()
                            > SATURATED_WAITERS_PER_CONNECTION * hikari.getMaximumPoolSize();
        };
    }

    @Bean
    Gauge requestsInFlightGauge(InFlightLimitFilter filter, MeterRegistry registry) {
        return Gauge.builder("routstr.requests.in_flight", filter, InFlightLimitFilter::inFlight)
                .description("Requests being served; beyond MAX_CONCURRENT_REQUESTS they are shed with 503")
                .register(registry);
    }
}
