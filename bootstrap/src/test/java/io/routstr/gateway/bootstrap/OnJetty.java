package io.routstr.gateway.bootstrap;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.test.context.TestPropertySource;

/**
 * The node under test runs in Jetty ({@code HTTP_SERVER=jetty}) instead of Tomcat, on a context of its own. Put on a
 * subclass of an end-to-end test, it runs every case of that test against the other container: what the node asks of
 * its container, Jetty must do as Tomcat does.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@TestPropertySource(properties = "HTTP_SERVER=jetty")
public @interface OnJetty {}
