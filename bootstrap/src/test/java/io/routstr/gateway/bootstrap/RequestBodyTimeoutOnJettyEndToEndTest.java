package io.routstr.gateway.bootstrap;

/**
 * Every case of {@link RequestBodyTimeoutEndToEndTest} with the node in Jetty: a body trickled past the timeout, and
 * one that stalls, are answered 408 as under Tomcat.
 */
@OnJetty
class RequestBodyTimeoutOnJettyEndToEndTest extends RequestBodyTimeoutEndToEndTest {}
