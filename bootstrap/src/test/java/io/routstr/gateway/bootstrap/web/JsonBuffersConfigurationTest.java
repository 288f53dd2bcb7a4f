package io.routstr.gateway.bootstrap.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.RecyclerPool;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class JsonBuffersConfigurationTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class))
            .withUserConfiguration(JsonBuffersConfiguration.class);

    @Test
    void buffersReleasedByOneRequestThreadAreReusedByTheNext() {
        context.run(beans -> {
            RecyclerPool<BufferRecycler> pool =
                    beans.getBean(ObjectMapper.class).getFactory()._getRecyclerPool();

            BufferRecycler first = onNewVirtualThread(() -> {
                BufferRecycler buffers = pool.acquireAndLinkPooled();
                buffers.releaseToPool();
                return buffers;
            });
            BufferRecycler second = onNewVirtualThread(pool::acquireAndLinkPooled);

            assertThat(second).as("the next request's buffers").isSameAs(first);
        });
    }

    @Test
    void theNodesMapperStillWritesAndReadsJson() {
        context.run(beans -> {
            ObjectMapper mapper = beans.getBean(ObjectMapper.class);
            byte[] json = mapper.writeValueAsBytes(java.util.Map.of("model", "m"));
            assertThat(mapper.readTree(json).get("model").asText()).isEqualTo("m");
        });
    }

    private static <T> T onNewVirtualThread(java.util.function.Supplier<T> work) throws InterruptedException {
        AtomicReference<T> result = new AtomicReference<>();
        Thread.ofVirtual().start(() -> result.set(work.get())).join();
        return result.get();
    }
}
