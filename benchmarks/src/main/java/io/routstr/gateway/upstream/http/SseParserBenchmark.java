package io.routstr.gateway.upstream.http;

import java.nio.charset.StandardCharsets;
import java.util.List;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Parsing an upstream's server-sent events ({@link SseParser}): a streamed chat completion of 50 content chunks, its
 * usage chunk and {@code [DONE]}, fed in the reads an upstream's socket gives (whole, or in pieces of 512 bytes).
 * In this package because the parser is package-private.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SseParserBenchmark {

    @Param({"512", "65536"})
    public int readSize;

    private byte[] stream;

    @Setup
    public void setUp() {
        StringBuilder sse = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            sse.append("data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                            + "\"model\":\"bench-model\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"word")
                    .append(i)
                    .append(" \"},\"finish_reason\":null}]}\n\n");
        }
        sse.append("data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                + "\"model\":\"bench-model\",\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":50,"
                + "\"total_tokens\":59}}\n\n");
        sse.append("data: [DONE]\n\n");
        stream = sse.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    public void parseStream(Blackhole events) {
        SseParser parser = new SseParser();
        for (int offset = 0; offset < stream.length; offset += readSize) {
            List<SseParser.RawEvent> parsed = parser.feed(stream, offset, Math.min(readSize, stream.length - offset));
            events.consume(parsed);
        }
        events.consume(parser.finish());
    }
}
