package io.routstr.gateway.benchmarks;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.routstr.gateway.application.port.out.LlmRequestReaderPort.RequestRead;
import io.routstr.gateway.domain.proxy.ApiEndpoint;
import io.routstr.gateway.upstream.dialect.JsonPayload;
import io.routstr.gateway.upstream.dialect.JsonRequestReader;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reading a paid request's body ({@link JsonRequestReader}: parse, model, cost bound facts), and the parse alone two
 * ways: {@code ObjectMapper.readValue} with a type reference, which resolves the type on every call, against a
 * prepared {@code ObjectReader}, which the reader uses.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RequestBodyBenchmark {

    private static final TypeReference<LinkedHashMap<String, Object>> JSON_OBJECT = new TypeReference<>() {};

    /** {@code short}: a 150-byte chat body; {@code long}: a conversation of 40 turns, about 45 kB. */
    @Param({"short", "long"})
    public String size;

    private byte[] body;

    @Setup
    public void setUp() {
        body = ChatBodies.of(size);
    }

    private final ObjectMapper mapper = new ObjectMapper();
    private final ObjectReader reader = mapper.readerFor(JSON_OBJECT);
    private final JsonRequestReader requests = new JsonRequestReader(mapper);

    @Benchmark
    public RequestRead readRequest() {
        return requests.read(ApiEndpoint.CHAT_COMPLETIONS, Optional.of("application/json"), body);
    }

    /** The body read, then the one for a provider spliced from the client's bytes (as the node does). */
    @Benchmark
    public byte[] readAndSplicedForProvider() {
        return payload(readRequest()).forProvider("provider/bench-model", false, mapper);
    }

    /** The body read, then the one for a provider written from its map (as the node did before session 25). */
    @Benchmark
    public byte[] readAndWrittenForProvider() {
        JsonPayload read = payload(readRequest());
        return new JsonPayload(read.body(), read.clientWantsUsage()).forProvider("provider/bench-model", false, mapper);
    }

    private static JsonPayload payload(RequestRead read) {
        return JsonPayload.of(((RequestRead.Parsed) read).request().payload());
    }

    @Benchmark
    public Map<String, Object> parseWithTypeReference() throws IOException {
        return mapper.readValue(body, JSON_OBJECT);
    }

    @Benchmark
    public Map<String, Object> parseWithPreparedReader() throws IOException {
        return reader.readValue(body);
    }
}
