package io.routstr.gateway.upstream.dialect;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.routstr.gateway.application.port.out.UpstreamPort.UpstreamEvent;
import io.routstr.gateway.domain.proxy.ApiEndpoint;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One content chunk of a streamed chat completion, from its data as the SSE parser gives it to the bytes the client
 * gets: parsed into a map, the model put back and the map written again (as the node did before session 25), against
 * read field by field and passed on as the upstream wrote it with only the model changed ({@link EventData}). A
 * streamed answer is hundreds of these.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class StreamChunkBenchmark {

    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};

    private final String data = "{\"id\":\"chatcmpl-AbCdEf0123456789\",\"object\":\"chat.completion.chunk\","
            + "\"created\":1733390000,\"model\":\"gpt-4o-mini-2024-07-18\",\"system_fingerprint\":\"fp_0ba0d124f1\","
            + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\" weather\"},\"logprobs\":null,"
            + "\"finish_reason\":null}]}";
    private final ObjectMapper mapper = new ObjectMapper();
    private final StreamDialect dialect =
            new StreamDialect(ApiEndpoint.CHAT_COMPLETIONS, "gpt-4o-mini", new JsonPayload(Map.of(), false), mapper);

    @Benchmark
    public List<UpstreamEvent> parsedAndWrittenAgain() throws IOException {
        Map<String, Object> json = mapper.readValue(data.strip(), MAP);
        json.put("model", "gpt-4o-mini");
        return dialect.accept(
                new SseEvent(Optional.empty(), data, Optional.of(json), Optional.empty(), Optional.empty(), true));
    }

    @Benchmark
    public List<UpstreamEvent> passedOnWithTheModelPutBack() {
        return dialect.accept(Optional.empty(), data, Optional.empty(), Optional.empty(), true);
    }
}
