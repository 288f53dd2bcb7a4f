package io.routstr.gateway.bootstrap.proxy;

import io.routstr.gateway.bootstrap.OnTomcat;

/**
 * Every case of {@link AdmissionEndToEndTest} with the node in Tomcat: headers up to the limit taken and over it a JSON
 * 431, bodies over the limit a 413 whether declared or streamed, and the connection buffers and listen backlog the
 * node sets for Jetty.
 */
@OnTomcat
class AdmissionOnTomcatEndToEndTest extends AdmissionEndToEndTest {}
