package io.routstr.gateway.bootstrap.proxy;

import io.routstr.gateway.bootstrap.OnJetty;

/**
 * Every case of {@link AdmissionEndToEndTest} with the node in Jetty: headers up to the limit taken and over it a JSON
 * 431, bodies over the limit a 413 whether declared or streamed, and the connection buffers and listen backlog the
 * node sets for Tomcat.
 */
@OnJetty
class AdmissionOnJettyEndToEndTest extends AdmissionEndToEndTest {}
