package io.routstr.gateway.bootstrap.proxy;

import io.routstr.gateway.bootstrap.OnJetty;

/**
 * Every case of {@link SlowUpstreamEndToEndTest} with the node in Jetty, whose idle timeout while a request is handled
 * is the body timeout: it cuts a read or write that waits that long, never a request that waits for its upstream.
 */
@OnJetty
class SlowUpstreamOnJettyEndToEndTest extends SlowUpstreamEndToEndTest {}
