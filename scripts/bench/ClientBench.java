import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.Histogram;

/**
 * Compares HTTP clients for the upstream call, against a local fake upstream: per-call latency at 1 and 64
 * concurrent callers (closed loop, keep-alive pools), and how many slow answers one client holds at once.
 * Each client is measured in its own JVM (the script starts one per client) so that memory figures are its own.
 *
 * <p>Usage: {@code java -cp HdrHistogram+client jars ClientBench.java CLIENT POST_URL SLOW_URL SECONDS HOLD}
 * with CLIENT one of {@code jdk}, {@code jetty}, {@code jetty-nb} (Jetty with its transport's invocation type
 * NON_BLOCKING, as the node's upstream transport sets it), {@code apache}, {@code apache-classic} (Apache's blocking
 * client: the caller's virtual thread does the socket I/O itself). Prints one line per phase.
 */
public class ClientBench {

    static final String BODY = "{\"model\":\"bench-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    /** One blocking call: status code. Every client is driven the same way, from virtual threads. */
    interface Client extends AutoCloseable {
        int post(String url) throws Exception;

        int get(String url) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        String which = args[0];
        String postUrl = args[1];
        String slowUrl = args[2];
        int seconds = Integer.parseInt(args[3]);
        int hold = Integer.parseInt(args[4]);
        try (Client client = create(which, Math.max(hold, 64))) {
            closedLoop(which, client, postUrl, 1, 3, false); // warm-up
            closedLoop(which, client, postUrl, 64, 3, false);
            closedLoop(which, client, postUrl, 1, seconds, true);
            closedLoop(which, client, postUrl, 64, seconds, true);
            if (hold > 0) {
                holdMany(which, client, slowUrl, hold);
            }
        }
    }

    static Client create(String which, int maxConnections) throws Exception {
        return switch (which) {
            case "jdk" -> new JdkClient();
            case "jetty" -> new JettyClient(maxConnections, false);
            case "jetty-nb" -> new JettyClient(maxConnections, true);
            case "apache" -> new ApacheClient(maxConnections);
            case "apache-classic" -> new ApacheClassicClient(maxConnections);
            default -> throw new IllegalArgumentException(which);
        };
    }

    static void closedLoop(String which, Client client, String url, int callers, int seconds, boolean print)
            throws Exception {
        Recorder recorder = new Recorder(3);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong errors = new AtomicLong();
        long cpuBefore = processCpuNanos();
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < callers; i++) {
                pool.submit(() -> {
                    while (!stop.get()) {
                        long t0 = System.nanoTime();
                        try {
                            if (client.post(url) != 200) {
                                errors.incrementAndGet();
                            }
                        } catch (Exception e) {
                            errors.incrementAndGet();
                        }
                        recorder.recordValue((System.nanoTime() - t0) / 1000);
                    }
                    return null;
                });
            }
            Thread.sleep(seconds * 1000L);
            stop.set(true);
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        Histogram h = recorder.getIntervalHistogram();
        if (print) {
            System.out.printf(
                    "%-7s c=%-3d %9.0f req/s  p50 %7.3f ms  p99 %7.3f ms  max %8.3f ms  errors %d  client CPU %.1f us/call%n",
                    which, callers, h.getTotalCount() / elapsed, h.getValueAtPercentile(50) / 1000.0,
                    h.getValueAtPercentile(99) / 1000.0, h.getMaxValue() / 1000.0, errors.get(),
                    (processCpuNanos() - cpuBefore) / 1000.0 / Math.max(1, h.getTotalCount()));
        }
    }

    /** Starts {@code n} slow calls at once and waits for all: how many complete, and the memory it took. */
    static void holdMany(String which, Client client, String url, int n) throws Exception {
        long start = System.nanoTime();
        List<Future<Integer>> calls = new ArrayList<>();
        long peakRss = 0;
        int peakFds = 0;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                calls.add(pool.submit((Callable<Integer>) () -> client.get(url)));
            }
            while (calls.stream().anyMatch(f -> !f.isDone())) {
                peakRss = Math.max(peakRss, rssKib());
                peakFds = Math.max(peakFds, openFds());
                Thread.sleep(200);
                if (System.nanoTime() - start > TimeUnit.SECONDS.toNanos(120)) {
                    break;
                }
            }
        }
        int ok = 0, failed = 0;
        String firstError = "";
        for (Future<Integer> f : calls) {
            try {
                int status = f.isDone() ? f.get() : -1;
                if (status == 200) {
                    ok++;
                } else {
                    failed++;
                    if (firstError.isEmpty()) {
                        firstError = status < 0 ? "not done in 120 s" : "status " + status;
                    }
                }
            } catch (Exception e) {
                failed++;
                if (firstError.isEmpty()) {
                    firstError = String.valueOf(e.getCause());
                }
            }
        }
        Runtime rt = Runtime.getRuntime();
        System.out.printf(
                "%-7s hold %d slow answers at once: %d ok, %d failed in %.1f s; peak RSS %d MiB, peak fds %d, heap used %d MiB %s%n",
                which, n, ok, failed, (System.nanoTime() - start) / 1e9, peakRss / 1024, peakFds,
                (rt.totalMemory() - rt.freeMemory()) >> 20, firstError.isEmpty() ? "" : "first error: " + firstError);
    }

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean)
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    static long rssKib() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return 0;
    }

    static int openFds() {
        String[] fds = new java.io.File("/proc/self/fd").list();
        return fds == null ? 0 : fds.length;
    }

    /** The JDK's own client, as the node uses it today (HTTP/1.1, default pool). */
    static final class JdkClient implements Client {
        final HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();

        public int post(String url) throws Exception {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(BODY))
                    .build();
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray()).statusCode();
        }

        public int get(String url) throws Exception {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).build();
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray()).statusCode();
        }

        public void close() {
            http.close();
        }
    }

    /**
     * Jetty's client 12.1, blocking send on the caller's virtual thread; {@code nonBlocking}: answers parsed and
     * listeners run on the selector thread instead of handed to a pool thread per read (Jetty's default, BLOCKING).
     */
    static final class JettyClient implements Client {
        final org.eclipse.jetty.client.HttpClient http;

        JettyClient(int maxConnections, boolean nonBlocking) throws Exception {
            var transport = new org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP();
            if (nonBlocking) {
                transport.setInvocationType(org.eclipse.jetty.util.thread.Invocable.InvocationType.NON_BLOCKING);
            }
            http = new org.eclipse.jetty.client.HttpClient(transport);
            http.setMaxConnectionsPerDestination(maxConnections);
            http.setMaxRequestsQueuedPerDestination(maxConnections * 4);
            http.setConnectTimeout(10_000);
            http.start();
        }

        public int post(String url) throws Exception {
            return http.POST(url)
                    .body(new org.eclipse.jetty.client.StringRequestContent("application/json", BODY))
                    .send()
                    .getStatus();
        }

        public int get(String url) throws Exception {
            return http.newRequest(url).timeout(60, TimeUnit.SECONDS).send().getStatus();
        }

        public void close() throws Exception {
            http.stop();
        }
    }

    /** Apache HttpClient 5.6 async, with a pool as large as the load; the caller waits on its future. */
    static final class ApacheClient implements Client {
        final org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient http;

        ApacheClient(int maxConnections) {
            var pool = org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder.create()
                    .setMaxConnTotal(maxConnections)
                    .setMaxConnPerRoute(maxConnections)
                    .build();
            http = org.apache.hc.client5.http.impl.async.HttpAsyncClients.custom()
                    .setConnectionManager(pool)
                    .setIOReactorConfig(org.apache.hc.core5.reactor.IOReactorConfig.custom()
                            .setIoThreadCount(2)
                            .build())
                    .build();
            http.start();
        }

        public int post(String url) throws Exception {
            var request = org.apache.hc.client5.http.async.methods.SimpleRequestBuilder.post(url)
                    .setBody(BODY, org.apache.hc.core5.http.ContentType.APPLICATION_JSON)
                    .build();
            return http.execute(request, null).get().getCode();
        }

        public int get(String url) throws Exception {
            var request = org.apache.hc.client5.http.async.methods.SimpleRequestBuilder.get(url).build();
            return http.execute(request, null).get(60, TimeUnit.SECONDS).getCode();
        }

        public void close() throws Exception {
            http.close();
        }
    }

    /**
     * Apache HttpClient 5.6 classic: blocking I/O on the caller's own virtual thread (no selector, no pool thread), a
     * pooled connection per caller.
     */
    static final class ApacheClassicClient implements Client {
        final org.apache.hc.client5.http.impl.classic.CloseableHttpClient http;

        ApacheClassicClient(int maxConnections) {
            var pool = org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder.create()
                    .setMaxConnTotal(maxConnections)
                    .setMaxConnPerRoute(maxConnections)
                    .build();
            http = org.apache.hc.client5.http.impl.classic.HttpClients.custom()
                    .setConnectionManager(pool)
                    .disableAutomaticRetries()
                    .disableCookieManagement()
                    .disableContentCompression()
                    .build();
        }

        public int post(String url) throws Exception {
            var request = new org.apache.hc.client5.http.classic.methods.HttpPost(url);
            request.setEntity(new org.apache.hc.core5.http.io.entity.StringEntity(
                    BODY, org.apache.hc.core5.http.ContentType.APPLICATION_JSON));
            return http.execute(request, response -> {
                org.apache.hc.core5.http.io.entity.EntityUtils.consume(response.getEntity());
                return response.getCode();
            });
        }

        public int get(String url) throws Exception {
            var request = new org.apache.hc.client5.http.classic.methods.HttpGet(url);
            return http.execute(request, response -> {
                org.apache.hc.core5.http.io.entity.EntityUtils.consume(response.getEntity());
                return response.getCode();
            });
        }

        public void close() throws Exception {
            http.close();
        }
    }
}
