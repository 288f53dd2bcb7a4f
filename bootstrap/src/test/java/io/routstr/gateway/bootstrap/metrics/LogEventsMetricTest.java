package io.routstr.gateway.bootstrap.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import io.micrometer.core.instrument.MeterRegistry;
import io.routstr.gateway.bootstrap.proxy.NodeOnTestMint;
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
        double warnings = count("warn");
        double debugs = count("debug");

        LOG.warn("A warning the log-events metric counts");
        LOG.debug("A debug message below the configured level");

        assertThat(count("warn")).isEqualTo(warnings + 1);
        assertThat(count("debug")).isEqualTo(debugs);
    }

    private double count(String level) {
        return registry.get("logback.events").tag("level", level).counter().count();
    }
}
