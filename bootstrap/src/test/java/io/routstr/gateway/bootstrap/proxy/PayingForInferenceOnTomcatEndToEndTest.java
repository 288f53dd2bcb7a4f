package io.routstr.gateway.bootstrap.proxy;

import io.routstr.gateway.bootstrap.OnTomcat;

/**
 * Every case of {@link PayingForInferenceEndToEndTest} with the node in Tomcat: answers and streams, held or as they
 * come, with their change in the {@code X-Cashu} response header, change of thirty proofs among it (about 4.5 kB
 * without its DLEQ proofs, within Tomcat's 8 KiB of response headers as within Jetty's).
 */
@OnTomcat
class PayingForInferenceOnTomcatEndToEndTest extends PayingForInferenceEndToEndTest {}
