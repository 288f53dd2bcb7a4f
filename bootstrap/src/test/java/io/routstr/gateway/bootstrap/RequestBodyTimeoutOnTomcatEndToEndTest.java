package io.routstr.gateway.bootstrap;

/**
 * Every case of {@link RequestBodyTimeoutEndToEndTest} with the node in Tomcat: a body trickled past the timeout, and
 * one that stalls, are answered 408 as under Jetty.
 */
@OnTomcat
class RequestBodyTimeoutOnTomcatEndToEndTest extends RequestBodyTimeoutEndToEndTest {}
