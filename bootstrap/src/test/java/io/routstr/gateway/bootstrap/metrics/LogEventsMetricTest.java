package io.routstr.gateway.bootstrap.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.MeterRegistry;
import io.routstr.gateway.bootstrap.proxy.NodeOnTestMint;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The node counts its log events by level without a turbo filter: Logback consults turbo filters on every logging
 * call, the disabled ones included, and Micrometer's binder put one on the paid path's every debug check.
 */
@NodeOnTestMint
class LogEventsMetricTest {

    private static final Logger LOG = LoggerFactory.getLogger(LogEventsMetricTest.class);

    @Autowired
    MeterRegistry registry;

    @Test
    void noTurboFilterConsultsEveryLoggingCall() {
        LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();

        assertThat(logging.getTurboFilterList()).isEmpty();
    }

    @Test
    void aWarningWritten_isCountedUnderItsLevel_andADisabledDebugIsNot() {
        // The node's own start-up work may log a warning meanwhile, on its own thread (a model list it cannot fetch):
        // every warning written in the window is seen here, so that the count is checked against all of them.
        ch.qos.logback.classic.Logger root =
                (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> written = new ListAppender<>();
        written.start();
        root.addAppender(written);
        try {
            double warnings = count("warn");
            double debugs = count("debug");

            LOG.warn("A warning the log-events metric counts");
            LOG.debug("A debug message below the configured level");

            double counted = count("warn") - warnings;
            List<ILoggingEvent> events = List.copyOf(written.list);
            assertThat(events).anyMatch(event -> event.getLoggerName().equals(LogEventsMetricTest.class.getName()));
            assertThat(counted).isEqualTo((double) events.stream()
                    .filter(event -> event.getLevel() == Level.WARN)
                    .count());
            assertThat(count("debug")).isEqualTo(debugs);
        } finally {
            root.detachAppender(written);
        }
    }

    private double count(String level) {
        return registry.get("logback.events").tag("level", level).counter().count();
    }
}
