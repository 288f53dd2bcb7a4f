package io.routstr.gateway.bootstrap;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.test.context.TestPropertySource;

/**
 * The node under test runs in Tomcat ({@code HTTP_SERVER=tomcat}) instead of Jetty, on a context of its own. Put on a
 * subclass of an end-to-end test, it runs every case of that test against the other container: what the node asks of
 * its container, Tomcat must do as Jetty does.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@TestPropertySource(properties = "HTTP_SERVER=tomcat")
public @interface OnTomcat {}
