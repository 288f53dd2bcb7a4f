import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.StringRequestContent;

/**
 * The benchmark's load generator (wrk has no rate control).
 *
 * <ul>
 *   <li>{@code rate URL KEY BODY RPS SECONDS}: open loop at a fixed rate. Each request is due at its own instant
 *       and its latency counts from then, so a stalled server is charged for the requests it kept waiting
 *       (no coordinated omission). Prints status counts (503s with and without {@code Retry-After} apart), the
 *       latency percentiles of the 200 answers, and how late the generator itself started its requests (a run that
 *       could not keep its schedule is marked {@code SCHEDULE NOT KEPT}). With {@code LOADGEN_TRACE=FILE} in its
 *       environment it also writes each timed 200's due instant (epoch ms) and latency (µs) to FILE, one a line, so
 *       that slow requests can be lined up with the server's logs ({@code scripts/bench/tail.py}).
 *   <li>{@code streams URL KEY BODY N NODE_PID [RAMP_SECONDS]}: N streamed requests at once (or started evenly over
 *       RAMP_SECONDS), each read to its end; prints how many completed with {@code [DONE]}, what the others got, the
 *       node's peak RSS, descriptors and heap, and its heap when the most answers were streaming at once.
 *   <li>{@code closed URL CLIENTS COUNT BODY [HEADER VALUES_FILE]}: closed loop, CLIENTS requests at a time, COUNT
 *       in all, each timed from its send to its whole answer. {@code BODY} is the body of every request, or
 *       {@code @FILE} for one body per line (request i takes line i: the X-Cashu bench times the mint's own
 *       {@code POST /v1/swap} this way); {@code HEADER VALUES_FILE} sets that header to line i of the file (one
 *       {@code X-Cashu} token per request). Prints status counts, how many answers carried {@code HEADER} back (the
 *       change) and the latency percentiles of the 200 answers.
 * </ul>
 */
public class LoadGen {

    /**
     * A rate run kept its schedule when its timed requests started at most this late at p99 (a quarter of the
     * overhead's p99 target of 5 ms) ...
     */
    static final double SCHEDULE_P99_LATENESS_MS = 1.25;

    /** ... and its sending loop finished at most this far behind the last request's due time. */
    static final long SCHEDULE_END_SLACK_MS = 100;

    public static void main(String[] args) throws Exception {
        HttpClient http = new HttpClient();
        http.setMaxConnectionsPerDestination(20_000);
        http.setMaxRequestsQueuedPerDestination(100_000);
        http.setConnectTimeout(10_000);
        http.setIdleTimeout(120_000);
        http.start();
        try {
            switch (args[0]) {
                case "rate" -> rate(http, args[1], args[2], args[3], Double.parseDouble(args[4]), Integer.parseInt(args[5]),
                        args.length > 6 ? Integer.parseInt(args[6]) : 0);
                case "closed" -> closed(http, args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]), args[4],
                        args.length > 6 ? args[5] : "", args.length > 6 ? args[6] : "");
                case "streams" -> streams(http, args[1], args[2], args[3], Integer.parseInt(args[4]), Long.parseLong(args[5]),
                        args.length > 6 ? Double.parseDouble(args[6]) : 0);
                default -> throw new IllegalArgumentException(args[0]);
            }
        } finally {
            http.stop();
        }
    }

    static ContentResponse post(HttpClient http, String url, String key, String body, long timeoutSeconds)
            throws Exception {
        var request = http.POST(url)
                .timeout(timeoutSeconds, TimeUnit.SECONDS)
                .body(new StringRequestContent("application/json", body));
        if (!key.isEmpty()) {
            request.headers(h -> h.put("Authorization", "Bearer " + key));
        }
        return request.send();
    }

    /**
     * Open loop: the first {@code warmupSeconds} run at the same rate untimed (the generator's own JVM compiles its
     * code and opens its connections then: timed, that start alone put the direct fake's p99 at 340–400 ms), then
     * {@code seconds} are timed. Every request's outcome is counted, warm-up included.
     */
    static void rate(HttpClient http, String url, String key, String body, double rps, int seconds, int warmupSeconds)
            throws Exception {
        String scheduleVerdict;
        Recorder ok = new Recorder(3);
        Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        long intervalNanos = (long) (1e9 / rps);
        long untimed = (long) (rps * warmupSeconds);
        long total = untimed + (long) (rps * seconds);
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
        CountDownLatch done = new CountDownLatch((int) total);
        AtomicLong late = new AtomicLong();
        // How late each timed request started, from its due time: the generator's own delay (its sending loop, a
        // virtual thread's turn, its GC), which the latencies below include. A generator that shares its cores with
        // the node can fall seconds behind; then the run measures the generator, and says so.
        Recorder startLateness = new Recorder(3);
        // LOADGEN_TRACE=FILE: every timed 200's due instant (epoch ms) and latency (us), to line up with the node's logs.
        String tracePath = System.getenv("LOADGEN_TRACE");
        Queue<String> trace = new ConcurrentLinkedQueue<>();
        // The untimed requests go through the same recording code into recorders that are thrown away, so that the
        // generator's JIT has compiled it before the timed window: recorded only from the first timed request on, it
        // was compiled then, beside the node on the host's two cores (docs/benchmarks.md, session 28). Which of the two
        // a request records into is picked by index, not by a branch: a branch never taken in the warm-up would be
        // compiled as a trap, and the first timed request would send the code back to the interpreter.
        Recorder[] okBy = {new Recorder(3), ok};
        Recorder[] latenessBy = {new Recorder(3), startLateness};
        List<Queue<String>> traceBy = List.of(new ConcurrentLinkedQueue<>(), trace);
        long epochOffsetNanos = System.currentTimeMillis() * 1_000_000L - System.nanoTime();
        // Several keys, comma-separated: request i pays with key i modulo their number (BENCH_RATE_KEYS=all).
        String[] keys = key.split(",", -1);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (long i = 0; i < total; i++) {
                long due = start + i * intervalNanos;
                long n = i;
                int phase = (int) ((untimed - 1 - i) >>> 63); // 0 untimed, 1 timed
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                } else if (-wait > TimeUnit.MILLISECONDS.toNanos(10)) {
                    late.incrementAndGet(); // the generator itself fell behind: reported, never hidden
                }
                pool.submit(() -> {
                    String outcome;
                    latenessBy[phase].recordValue(Math.max(0, (System.nanoTime() - due) / 1000));
                    try {
                        ContentResponse response = post(http, url, keys[(int) (n % keys.length)], body, 30);
                        int status = response.getStatus();
                        outcome = status == 503
                                ? (response.getHeaders().get("Retry-After") != null ? "503+Retry-After" : "503-no-Retry-After")
                                        + errorCode(response.getContentAsString())
                                : status == 200 ? "200" : status + errorCode(response.getContentAsString());
                        if (status == 200) {
                            long latencyMicros = Math.max(0, (System.nanoTime() - due) / 1000);
                            okBy[phase].recordValue(latencyMicros);
                            if (tracePath != null) {
                                traceBy.get(phase).add((due + epochOffsetNanos) / 1_000_000L + " " + latencyMicros);
                            }
                        }
                    } catch (Exception e) {
                        outcome = "error:" + failure(e);
                    }
                    outcomes.computeIfAbsent(outcome, k -> new AtomicInteger()).incrementAndGet();
                    done.countDown();
                });
            }
            // How far behind its schedule the sending loop finished (the last request's due time is the schedule's end).
            long loopBehindNanos = Math.max(0, System.nanoTime() - (start + (total - 1) * intervalNanos));
            done.await(120, TimeUnit.SECONDS);
            Histogram lateness = startLateness.getIntervalHistogram();
            double latenessP99Ms = lateness.getValueAtPercentile(99) / 1000.0;
            boolean kept = latenessP99Ms <= SCHEDULE_P99_LATENESS_MS
                    && loopBehindNanos <= TimeUnit.MILLISECONDS.toNanos(SCHEDULE_END_SLACK_MS);
            scheduleVerdict = String.format(
                    "generator started its timed requests late by p50 %.3f ms p99 %.3f ms max %.3f ms, finished sending %.1f s behind schedule: %s",
                    lateness.getValueAtPercentile(50) / 1000.0, latenessP99Ms, lateness.getMaxValue() / 1000.0,
                    loopBehindNanos / 1e9,
                    kept ? "schedule kept"
                            : "SCHEDULE NOT KEPT (p99 over " + SCHEDULE_P99_LATENESS_MS + " ms or over "
                                    + SCHEDULE_END_SLACK_MS + " ms behind): the latencies include the generator's delay, not to be trusted as the server's");
        }
        if (tracePath != null) {
            Files.write(Path.of(tracePath), trace);
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        Histogram h = ok.getIntervalHistogram();
        System.out.printf(
                "rate %.0f/s for %d s after %d s untimed: sent %d in %.1f s (%d sent over 10 ms late); outcomes %s; 200s p50 %.3f ms p90 %.3f ms p99 %.3f ms p99.9 %.3f ms max %.3f ms (from each request's due time); %s%n",
                rps, seconds, warmupSeconds, total, elapsed, late.get(), new TreeMap<>(outcomes),
                h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(90) / 1000.0,
                h.getValueAtPercentile(99) / 1000.0, h.getValueAtPercentile(99.9) / 1000.0, h.getMaxValue() / 1000.0,
                scheduleVerdict);
        System.out.printf("RESULT p50=%.3f p99=%.3f ok=%d%n", h.getValueAtPercentile(50) / 1000.0,
                h.getValueAtPercentile(99) / 1000.0, h.getTotalCount());
    }

    static void closed(HttpClient http, String url, int clients, int count, String body, String header,
            String valuesFile) throws Exception {
        List<String> bodies = body.startsWith("@") ? Files.readAllLines(Path.of(body.substring(1))) : List.of();
        List<String> values = header.isEmpty() ? List.of() : Files.readAllLines(Path.of(valuesFile));
        if (body.startsWith("@") && bodies.size() < count || !header.isEmpty() && values.size() < count) {
            throw new IllegalArgumentException("fewer prepared lines than the " + count + " requests");
        }
        Histogram ok = new Histogram(3);
        Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger returned = new AtomicInteger();
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < clients; c++) {
                pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        String outcome;
                        long sent = System.nanoTime();
                        try {
                            var request = http.POST(url)
                                    .timeout(30, TimeUnit.SECONDS)
                                    .body(new StringRequestContent(
                                            "application/json", bodies.isEmpty() ? body : bodies.get(i)));
                            if (!header.isEmpty()) {
                                String value = values.get(i);
                                request.headers(h -> h.put(header, value));
                            }
                            ContentResponse response = request.send();
                            long micros = (System.nanoTime() - sent) / 1000;
                            int status = response.getStatus();
                            outcome = status == 200 ? "200" : status + errorCode(response.getContentAsString());
                            if (status == 200) {
                                synchronized (ok) {
                                    ok.recordValue(micros);
                                }
                            }
                            if (!header.isEmpty() && response.getHeaders().get(header) != null) {
                                returned.incrementAndGet();
                            }
                        } catch (Exception e) {
                            outcome = "error:" + failure(e);
                        }
                        outcomes.computeIfAbsent(outcome, k -> new AtomicInteger()).incrementAndGet();
                    }
                });
            }
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                "closed loop, %d clients: %d requests in %.1f s (%.1f/s); outcomes %s;%s 200s p50 %.3f ms p90 %.3f ms p99 %.3f ms max %.3f ms%n",
                clients, count, elapsed, count / elapsed, new TreeMap<>(outcomes),
                header.isEmpty() ? "" : " " + returned.get() + " answers carried " + header + " back;",
                ok.getValueAtPercentile(50) / 1000.0, ok.getValueAtPercentile(90) / 1000.0,
                ok.getValueAtPercentile(99) / 1000.0, ok.getMaxValue() / 1000.0);
        System.out.printf("RESULT p50=%.3f p99=%.3f ok=%d returned=%d mean=%.3f%n", ok.getValueAtPercentile(50) / 1000.0,
                ok.getValueAtPercentile(99) / 1000.0, ok.getTotalCount(), returned.get(), ok.getMean() / 1000.0);
    }

    static void streams(HttpClient http, String url, String key, String body, int n, long nodePid, double rampSeconds)
            throws Exception {
        Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        CountDownLatch done = new CountDownLatch(n);
        long start = System.nanoTime();
        long peakRss = 0;
        int peakFds = 0;
        String heapAtPeak = "";
        String heapAtMostOpen = "n/a";
        String liveAtMostOpen = "";
        // When each admitted stream's answer began, from the burst's start (ms): how fast the node let the burst in.
        Histogram admittedAt = new Histogram(3);
        AtomicInteger openNow = new AtomicInteger();
        AtomicInteger mostOpen = new AtomicInteger();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                long due = start + (long) (i * rampSeconds * 1e9 / n);
                pool.submit(() -> {
                    String outcome;
                    try {
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            TimeUnit.NANOSECONDS.sleep(wait);
                        }
                        var request = http.POST(url)
                                .timeout(300, TimeUnit.SECONDS)
                                .body(new StringRequestContent("application/json", body))
                                .headers(h -> h.put("Authorization", "Bearer " + key))
                                .onResponseBegin(r -> {
                                    if (r.getStatus() == 200) {
                                        synchronized (admittedAt) {
                                            admittedAt.recordValue((System.nanoTime() - start) / 1_000_000);
                                        }
                                        mostOpen.accumulateAndGet(openNow.incrementAndGet(), Math::max);
                                    }
                                });
                        ContentResponse response = request.send();
                        if (response.getStatus() == 200) {
                            openNow.decrementAndGet();
                        }
                        String text = response.getContentAsString();
                        outcome = response.getStatus() == 200 && text.contains("[DONE]")
                                ? "completed"
                                : response.getStatus() == 200
                                        ? "200-unfinished"
                                        : response.getStatus() + errorCode(text);
                    } catch (Exception e) {
                        outcome = "error:" + failure(e);
                    }
                    outcomes.computeIfAbsent(outcome, k -> new AtomicInteger()).incrementAndGet();
                    done.countDown();
                });
            }
            int openAtSample = 0;
            // LOADGEN_LIVE_HEAP=1: once every stream is open, a full collection (it pauses the node), then the heap
            // that is left, the streams' live set rather than G1's garbage not yet collected; =FILE also writes the
            // class histogram of that collection to FILE.
            String live = System.getenv().getOrDefault("LOADGEN_LIVE_HEAP", "");
            while (!done.await(250, TimeUnit.MILLISECONDS)) {
                // The heap again whenever a tenth more answers stream at once than at its last reading.
                if (openNow.get() > openAtSample * 1.1 + 10) {
                    openAtSample = openNow.get();
                    heapAtMostOpen = heapUsed(nodePid) + " (" + openAtSample + " streaming)";
                }
                if (liveAtMostOpen.isEmpty() && !live.isEmpty() && openNow.get() >= n) {
                    String histogram = jcmd(nodePid, "GC.class_histogram");
                    liveAtMostOpen = openNow.get() + " streaming: " + heapUsed(nodePid) + "; histogram's total: "
                            + histogram.lines().filter(l -> l.startsWith("Total")).findFirst().orElse("?").strip();
                    if (!live.equals("1")) {
                        Files.writeString(Path.of(live), histogram);
                    }
                }
                long rss = rssKib(nodePid);
                int fds = fds(nodePid);
                if (fds > peakFds) {
                    peakFds = fds;
                    peakRss = Math.max(peakRss, rss);
                    if (fds > n && heapAtPeak.isEmpty()) {
                        heapAtPeak = heapUsed(nodePid); // once, when the streams are all open
                    }
                }
                peakRss = Math.max(peakRss, rss);
                if (System.nanoTime() - start > TimeUnit.SECONDS.toNanos(300)) {
                    break;
                }
            }
        }
        System.out.printf(
                "streams %d at once: %s in %.1f s; node peak RSS %d MiB, peak descriptors %d, heap with the streams open: %s%n",
                n, new TreeMap<>(outcomes), (System.nanoTime() - start) / 1e9, peakRss / 1024, peakFds,
                heapAtPeak.isEmpty() ? "n/a" : heapAtPeak);
        System.out.printf(
                "streams admitted (200 answer began) %d, from the burst's start: p10 %.1f s p50 %.1f s p90 %.1f s last %.1f s; at most %d answers streaming at once (client side)%n",
                admittedAt.getTotalCount(), admittedAt.getValueAtPercentile(10) / 1e3,
                admittedAt.getValueAtPercentile(50) / 1e3, admittedAt.getValueAtPercentile(90) / 1e3,
                admittedAt.getMaxValue() / 1e3, mostOpen.get());
        System.out.printf("heap at the most answers streaming at once (sampled): %s%n", heapAtMostOpen);
        if (!liveAtMostOpen.isEmpty()) {
            System.out.printf("live heap after a full collection with %s%n", liveAtMostOpen);
        }
    }

    /** The stable error code of an OpenAI-shaped error body, as {@code :code}, or nothing. */
    /** A client failure by its cause (the client wraps what went wrong in an ExecutionException). */
    static String failure(Exception e) {
        Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
        return cause.getClass().getSimpleName();
    }

    static String errorCode(String body) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"code\"\\s*:\\s*\"([a-z_]+)\"").matcher(body);
        return m.find() ? ":" + m.group(1) : "";
    }

    static long rssKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (Exception e) {
            // the node is gone: nothing to sample
        }
        return 0;
    }

    static int fds(long pid) {
        String[] fds = new java.io.File("/proc/" + pid + "/fd").list();
        return fds == null ? 0 : fds.length;
    }

    /** The node's heap in use, as its own JVM reports it ({@code jcmd GC.heap_info}, first line). */
    /** What {@code jcmd PID COMMAND} printed, or nothing if it could not run (a reading, not the run). */
    static String jcmd(long pid, String command) {
        try {
            Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command)
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(60, TimeUnit.SECONDS);
            return out;
        } catch (Exception e) {
            return "";
        }
    }

    static String heapUsed(long pid) {
        return jcmd(pid, "GC.heap_info")
                .lines()
                .filter(l -> l.contains("total") && l.contains("used"))
                .findFirst()
                .map(String::strip)
                .orElse("?");
    }
}
