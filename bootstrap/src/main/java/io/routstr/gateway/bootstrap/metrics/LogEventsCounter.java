package io.routstr.gateway.bootstrap.metrics;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

/**
 * Counts the log events written, by level, as {@code logback.events} ({@code logback_events_total{level}}): the metric
 * Micrometer's own Logback binder exports, kept without that binder's cost. The binder counts through a turbo filter,
 * which Logback consults on every logging call, including the many that a disabled level drops at once (the HTTP
 * client's {@code isDebugEnabled()} checks on each call): in one profile of the paid path at one connection the turbo
 * filter chain's decision was the hottest frame (3.6 % of the samples), though in a second of the same jar Logback's
 * frames were only 1.5 % (docs/benchmarks.md, session 11). An appender sees only the events that pass their level.
 */
final class LogEventsCounter extends AppenderBase<ILoggingEvent> implements DisposableBean {

    private static final String NAME = "routstr-log-events-counter";

    private final Map<Level, Counter> counters;

    LogEventsCounter(MeterRegistry registry) {
        this.counters = Map.of(
                Level.ERROR, counter(registry, "error"),
                Level.WARN, counter(registry, "warn"),
                Level.INFO, counter(registry, "info"),
                Level.DEBUG, counter(registry, "debug"),
                Level.TRACE, counter(registry, "trace"));
        setName(NAME);
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logging) {
            setContext(logging);
            start();
            logging.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(this);
        }
    }

    private static Counter counter(MeterRegistry registry, String level) {
        return Counter.builder("logback.events")
                .tag("level", level)
                .description("Log events written, by level")
                .baseUnit("events")
                .register(registry);
    }

    @Override
    protected void append(ILoggingEvent event) {
        Counter counter = counters.get(event.getLevel());
        if (counter != null) {
            counter.increment();
        }
    }

    @Override
    public void destroy() {
        if (getContext() instanceof LoggerContext logging) {
            logging.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(this);
        }
        stop();
    }
}
