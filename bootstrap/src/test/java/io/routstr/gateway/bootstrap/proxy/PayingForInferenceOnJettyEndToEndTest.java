package io.routstr.gateway.bootstrap.proxy;

import io.routstr.gateway.bootstrap.OnJetty;

/**
 * Every case of {@link PayingForInferenceEndToEndTest} with the node in Jetty: answers and streams, held or as they
 * come, with their change in the {@code X-Cashu} response header, change of thirty proofs among it (about 4.5 kB
 * without its DLEQ proofs, within Jetty's 8 KiB of response headers as within Tomcat's).
 */
@OnJetty
class PayingForInferenceOnJettyEndToEndTest extends PayingForInferenceEndToEndTest {}
