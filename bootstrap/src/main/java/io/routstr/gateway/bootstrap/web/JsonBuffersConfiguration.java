package io.routstr.gateway.bootstrap.web;

import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The node's JSON buffers come from one pool shared by all threads. Jackson keeps them per thread by default, but every
 * request here runs on a new virtual thread, so none was ever reused: each JSON read or write of a paid request (its
 * body, the upstream's request and answer, the billed answer) allocated fresh buffers of several KiB. The pool is the
 * node's mapper's own, not Jackson's JVM-wide shared one, which every other mapper in the process would also draw on
 * (and did, in the test suite, where another context's buffers came back first).
 */
@Configuration(proxyBeanMethods = false)
public class JsonBuffersConfiguration {

    @Bean
    Jackson2ObjectMapperBuilderCustomizer sharedJsonBuffers() {
        return builder -> builder.postConfigurer(
                mapper -> mapper.getFactory().setRecyclerPool(JsonRecyclerPools.newConcurrentDequePool()));
    }
}
