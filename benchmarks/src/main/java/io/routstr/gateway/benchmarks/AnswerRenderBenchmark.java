package io.routstr.gateway.benchmarks;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.routstr.gateway.application.port.out.UpstreamPort.UpstreamAnswer;
import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.domain.pricing.CostBasis;
import io.routstr.gateway.domain.pricing.RequestBill;
import io.routstr.gateway.domain.pricing.RequestCost;
import io.routstr.gateway.domain.proxy.ApiEndpoint;
import io.routstr.gateway.domain.usage.TokenUsage;
import io.routstr.gateway.upstream.dialect.JsonAnswer;
import io.routstr.gateway.upstream.dialect.SplicedAnswer;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
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
 * A whole upstream answer from its bytes to the bytes the client gets, with its usage read and the bill written in:
 * parsed into maps and written whole again ({@link JsonAnswer}, the model put back as the adapter does), against
 * spliced in its own bytes ({@link SplicedAnswer}). {@code short}: the benchmark's fake upstream's answer (about 230
 * bytes); {@code long}: a completion of about 4 KB of text.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AnswerRenderBenchmark {

    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};
    private static final String CLIENT_MODEL = "bench-model";

    @Param({"short", "long"})
    public String answer;

    private final ObjectMapper mapper = new ObjectMapper();
    private final SplicedAnswer.Splicer splicer = SplicedAnswer.splicer(mapper);
    private final RequestBill bill = bill();
    private byte[] body;

    @Setup
    public void setUp() {
        String content = answer.equals("short") ? "ok" : "All work and no play makes Jack a dull boy. ".repeat(90);
        body = ("{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\",\"created\":1700000000,"
                        + "\"model\":\"provider/bench-model\",\"choices\":[{\"index\":0,\"message\":{\"role\":"
                        + "\"assistant\",\"content\":\"" + content + "\"},\"finish_reason\":\"stop\"}],"
                        + "\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":1,\"total_tokens\":10}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    public byte[] parsedAndWrittenWhole() throws IOException {
        Map<String, Object> json = mapper.readValue(body, MAP);
        json.put("model", CLIENT_MODEL);
        return billed(
                new JsonAnswer(ApiEndpoint.CHAT_COMPLETIONS, body, "application/json", Optional.of(json), mapper));
    }

    @Benchmark
    public byte[] spliced() {
        return billed(
                splicer.of(ApiEndpoint.CHAT_COMPLETIONS, body, CLIENT_MODEL).orElseThrow());
    }

    private byte[] billed(UpstreamAnswer answer) {
        if (answer.usage().isEmpty()) {
            throw new IllegalStateException("the benchmark's answer reports its usage");
        }
        return answer.renderWithBill(bill);
    }

    private static RequestBill bill() {
        RequestCost cost = new RequestCost(
                Msats.of(5_000),
                Msats.of(2_000),
                Msats.of(3_000),
                Msats.ZERO,
                Msats.ZERO,
                BigDecimal.ZERO,
                CostBasis.TOKENS);
        return new RequestBill(
                cost, cost.total(), Optional.of(Msats.of(1_000_000)), "openai", TokenUsage.of(9, 1), Msats.ZERO);
    }
}
