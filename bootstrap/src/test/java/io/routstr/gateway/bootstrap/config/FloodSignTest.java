package io.routstr.gateway.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.bootstrap.web.HttpServer;
import io.routstr.gateway.rest.limits.BoundedWork.FloodSign;
import org.junit.jupiter.api.Test;

/**
 * A flood is told by its in-flight permits running out where the server can hold more connections than there are
 * permits, and by two intervals overloaded too where it runs out of connections first.
 */
class FloodSignTest {

    @Test
    void underJetty_whichBoundsNoConnections_thePermitsAloneTellAFlood() {
        assertThat(OverloadConfiguration.floodSign(HttpServer.JETTY, 8192, 10_000))
                .isEqualTo(FloodSign.PERMITS_RAN_OUT);
    }

    @Test
    void underTomcat_withFewerConnectionsThanPermits_twoIntervalsOverloadedTellOneToo() {
        assertThat(OverloadConfiguration.floodSign(HttpServer.TOMCAT, 8192, 10_000))
                .isEqualTo(FloodSign.PERMITS_RAN_OUT_OR_TWO_INTERVALS);
    }

    @Test
    void underTomcat_withMoreConnectionsThanPermits_thePermitsAloneTellAFlood() {
        assertThat(OverloadConfiguration.floodSign(HttpServer.TOMCAT, 8192, 2_000))
                .isEqualTo(FloodSign.PERMITS_RAN_OUT);
    }
}
