package io.routstr.gateway.bootstrap.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.bootstrap.OnJetty;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.embedded.jetty.JettyWebServer;

/**
 * Every case of {@link AdmissionEndToEndTest} with the node in Jetty: headers up to the limit taken and over it a JSON
 * 431, bodies over the limit a 413 whether declared or streamed, and the connection buffers and listen backlog the
 * node sets for Tomcat; and what only Jetty needs.
 */
@OnJetty
class AdmissionOnJettyEndToEndTest extends AdmissionEndToEndTest {

    @Test
    void aConnectionKeepsNoHeaderCacheOfItsOwn_whichWouldHoldAbout28KiBForAsLongAsItIsOpen() {
        JettyWebServer jetty = (JettyWebServer) server.getWebServer();

        assertThat(jetty.getServer().getConnectors())
                .allSatisfy(connector -> assertThat(connector
                                .getConnectionFactory(HttpConnectionFactory.class)
                                .getHttpConfiguration()
                                .getHeaderCacheSize())
                        .isZero());
    }
}
