package io.routstr.gateway.bootstrap.proxy;

import io.routstr.gateway.bootstrap.OnTomcat;

/**
 * Every case of {@link SlowUpstreamEndToEndTest} with the node in Tomcat, whose upload timeout is the body timeout: it
 * cuts a body read that waits that long, never a request that waits for its upstream.
 */
@OnTomcat
class SlowUpstreamOnTomcatEndToEndTest extends SlowUpstreamEndToEndTest {}
