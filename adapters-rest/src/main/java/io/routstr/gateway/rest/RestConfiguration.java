package io.routstr.gateway.rest;

import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;

/** Entry point of the REST adapter: controllers, error mapping and filters. */
@Configuration(proxyBeanMethods = false)
@ComponentScan
public class RestConfiguration {}
