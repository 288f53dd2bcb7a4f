package io.routstr.gateway.upstream.dialect;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.routstr.gateway.benchmarks.ChatBodies;
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
 * A client's body parsed two ways: whole into a map by Jackson (as the reader did before session 25), against field by
 * field with the places of {@code model} and {@code stream_options} noted ({@link ObjectBytes#read}, as it does now),
 * which is what lets the body for a provider be spliced instead of written again. Same bodies as
 * {@code RequestBodyBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BodyParseBenchmark {

    private static final TypeReference<LinkedHashMap<String, Object>> JSON_OBJECT = new TypeReference<>() {};

    @Param({"short", "long"})
    public String size;

    private final ObjectMapper mapper = new ObjectMapper();
    private final ObjectReader whole = mapper.readerFor(JSON_OBJECT);
    private final ObjectReader values = mapper.readerFor(Object.class);
    private byte[] body;

    @Setup
    public void setUp() {
        body = ChatBodies.of(size);
    }

    @Benchmark
    public Map<String, Object> wholeIntoAMap() throws IOException {
        return whole.readValue(body);
    }

    @Benchmark
    public Optional<ObjectBytes.Read> fieldByField() throws IOException {
        return ObjectBytes.read(body, mapper, values);
    }
}
