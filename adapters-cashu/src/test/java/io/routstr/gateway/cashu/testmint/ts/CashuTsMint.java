package io.routstr.gateway.cashu.testmint.ts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A Cashu mint for integration tests: {@code node mint.mjs} (built on {@code @cashu/cashu-ts}, an implementation
 * independent of the Java wallet) as a subprocess on a random loopback port, with a fake Lightning backend and all
 * state in memory. Start it with {@link #start(int)} or {@link #builder()}, use {@link #url()}, then {@link #close()}.
 *
 * <p>When {@code node} is not on {@code PATH}, starting it skips the calling test (JUnit assumption). Missing Node
 * dependencies are installed from {@code package-lock.json} ({@code npm ci}) on first use.
 *
 * <p>Besides the NUT endpoints the mint has test controls, wrapped here: {@link #pay(String)}, {@link
 * #configure(Map)}, {@link #externalInvoice(long)}, {@link #settleMelt(String, boolean)}, {@link
 * #dropNextResponse(String, int)}, {@link #rotateKeyset(String, int)}.
 */
public final class CashuTsMint implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    private static final String READY = "LISTENING ";

    private final Process process;
    private final Path log;
    private final int port;
    private final int inputFeePpk;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private CashuTsMint(Process process, Path log, int port, int inputFeePpk) {
        this.process = process;
        this.log = log;
        this.port = port;
        this.inputFeePpk = inputFeePpk;
    }

    /** Starts a mint with units {@code sat} and {@code msat}, the default seed and the given input fee. */
    public static CashuTsMint start(int inputFeePpk) {
        return builder().inputFeePpk(inputFeePpk).start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Base URL without trailing slash, e.g. {@code http://127.0.0.1:41234}, as it appears in tokens. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public URI uri() {
        return URI.create(url());
    }

    public int port() {
        return port;
    }

    public int inputFeePpk() {
        return inputFeePpk;
    }

    /** Where the mint's stderr goes (request log with {@code verbose}); deleted by {@link #close()}. */
    public Path logFile() {
        return log;
    }

    // ----------------------------------------------------------------------------------------------------------
    // Raw HTTP access

    /** A mint reply: HTTP status and JSON body. Errors are {@code 400 {"detail", "code"}}. */
    public record Response(int status, JsonNode body) {
        public boolean ok() {
            return status == 200;
        }

        /** The NUT error code, or -1 when the body has none. */
        public int code() {
            return body.path("code").asInt(-1);
        }
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(endpoint(path)).GET());
    }

    /** POSTs {@code body} (a Jackson node, map, record or JSON string) as JSON. */
    public Response post(String path, Object body) {
        String json;
        try {
            json = body instanceof String s ? s : NodeTooling.JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return send(HttpRequest.newBuilder(endpoint(path))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** Like {@link #get(String)}, but fails unless the status is 200. */
    public JsonNode getOk(String path) {
        return requireOk(path, get(path));
    }

    /** Like {@link #post(String, Object)}, but fails unless the status is 200. */
    public JsonNode postOk(String path, Object body) {
        return requireOk(path, post(path, body));
    }

    // ----------------------------------------------------------------------------------------------------------
    // Test controls

    /** Marks a mint quote PAID (fake Lightning payment); only needed with {@link Builder#manualPay()}. */
    public JsonNode pay(String quoteId) {
        return postOk("/test/pay/" + quoteId, "{}");
    }

    /**
     * Changes run-time settings and returns all of them. Keys: {@code autoPay} (boolean), {@code meltOutcome}
     * ({@code PAID|FAILED|PENDING} for external invoices), {@code lnFeeMsat}, {@code feeReserveMinMsat}, {@code
     * feePercent} (numbers), {@code cacheResponses} (NUT-19, boolean).
     */
    public JsonNode configure(Map<String, ?> settings) {
        return postOk("/test/config", settings);
    }

    /**
     * Fake Lightning between test mints: an external invoice this mint pays is offered to {@code peers}, and the one
     * that issued it marks its quote PAID before this mint answers the melt (or when a pending melt settles paid).
     */
    public JsonNode payInvoicesOf(CashuTsMint... peers) {
        return configure(Map.of(
                "lightningPeers",
                java.util.Arrays.stream(peers)
                        .map(CashuTsMint::url)
                        .collect(java.util.stream.Collectors.joining(","))));
    }

    /** A fake bolt11 invoice this mint did not issue: melting it goes to the fake external Lightning node. */
    public String externalInvoice(long amountMsat) {
        return postOk("/test/invoice", Map.of("amount_msat", amountMsat))
                .path("request")
                .asText();
    }

    /** Resolves a melt left PENDING ({@code meltOutcome=PENDING}) as paid or failed; returns the melt quote. */
    public JsonNode settleMelt(String meltQuoteId, boolean paid) {
        return postOk("/test/melt/" + meltQuoteId + "/settle", Map.of("paid", paid));
    }

    /** The next {@code count} successful responses on {@code path} take effect but the connection is cut. */
    public void dropNextResponse(String path, int count) {
        postOk("/test/drop-next-response", Map.of("path", path, "count", count));
    }

    /** Adds a new active keyset for {@code unit} (the previous one becomes inactive); returns its keyset info. */
    public JsonNode rotateKeyset(String unit, int inputFeePpk) {
        return postOk("/test/rotate-keyset", Map.of("unit", unit, "input_fee_ppk", inputFeePpk));
    }

    /** {@code GET /v1/keysets} entries. */
    public List<JsonNode> keysets() {
        List<JsonNode> out = new ArrayList<>();
        getOk("/v1/keysets").path("keysets").forEach(out::add);
        return out;
    }

    /** NUT-07 states ({@code UNSPENT|PENDING|SPENT}) of the proofs with these {@code Y} values, in order. */
    public List<String> checkState(List<String> ys) {
        List<String> states = new ArrayList<>();
        postOk("/v1/checkstate", Map.of("Ys", ys))
                .path("states")
                .forEach(s -> states.add(s.path("state").asText()));
        return states;
    }

    /** The active keyset id of {@code unit}. */
    public String activeKeysetId(String unit) {
        return keysets().stream()
                .filter(k -> k.path("active").asBoolean()
                        && unit.equals(k.path("unit").asText()))
                .map(k -> k.path("id").asText())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no active keyset for unit " + unit));
    }

    @Override
    public void close() {
        http.close();
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // the mint exits on SIGTERM below anyway
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException ignored) {
            // a leftover temp file is harmless
        }
    }

    @Override
    public String toString() {
        return "CashuTsMint[" + url() + ", input_fee_ppk=" + inputFeePpk + "]";
    }

    private URI endpoint(String path) {
        return URI.create(url() + (path.startsWith("/") ? path : "/" + path));
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(
                    request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            String text = response.body();
            JsonNode body =
                    text == null || text.isBlank() ? NodeTooling.JSON.createObjectNode() : NodeTooling.parse(text);
            return new Response(response.statusCode(), body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static JsonNode requireOk(String path, Response response) {
        if (!response.ok()) {
            throw new IllegalStateException(path + " -> HTTP " + response.status() + " " + response.body());
        }
        return response.body();
    }

    /** Options for a test mint. */
    public static final class Builder {
        private int inputFeePpk;
        private String seed = "routstr-test-mint";
        private String units = "sat,msat";
        private boolean manualPay;
        private boolean verbose;
        private int port;

        private Builder() {}

        /** Listens on {@code port} (0, the default, picks a free one): a restart can come back on the same URL. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** {@code input_fee_ppk} of every keyset (NUT-02), e.g. 0 or 100. */
        public Builder inputFeePpk(int ppk) {
            if (ppk < 0) {
                throw new IllegalArgumentException("input_fee_ppk must not be negative");
            }
            this.inputFeePpk = ppk;
            return this;
        }

        /** Keys are derived from this seed: same seed and fee, same keyset ids. */
        public Builder seed(String seed) {
            this.seed = seed;
            return this;
        }

        /** Comma-separated units, default {@code sat,msat}. */
        public Builder units(String units) {
            this.units = units;
            return this;
        }

        /** Mint quotes stay UNPAID until {@link CashuTsMint#pay(String)}. */
        public Builder manualPay() {
            this.manualPay = true;
            return this;
        }

        /** Log every request to {@link CashuTsMint#logFile()}. */
        public Builder verbose() {
            this.verbose = true;
            return this;
        }

        public CashuTsMint start() {
            Path node = NodeTooling.nodeOrSkip();
            Path dir = NodeTooling.projectDir();
            NodeTooling.ensureInstalled(dir);
            List<String> args = new ArrayList<>(List.of(
                    "--port",
                    Integer.toString(port),
                    "--seed",
                    seed,
                    "--input-fee-ppk",
                    Integer.toString(inputFeePpk),
                    "--units",
                    units,
                    "--exit-on-stdin-close"));
            if (manualPay) {
                args.add("--manual-pay");
            }
            if (verbose) {
                args.add("--verbose");
            }
            Path log;
            Process process;
            try {
                log = Files.createTempFile("cashu-ts-mint-", ".log");
                process = new ProcessBuilder(NodeTooling.command(node, dir.resolve("mint.mjs"), args))
                        .directory(dir.toFile())
                        .redirectError(log.toFile())
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start node mint.mjs", e);
            }
            try {
                int port = awaitPort(process);
                return new CashuTsMint(process, log, port, inputFeePpk);
            } catch (RuntimeException e) {
                process.destroyForcibly();
                throw new IllegalStateException(e.getMessage() + "\n--- mint stderr ---\n" + tail(log), e);
            }
        }

        private static int awaitPort(Process process) {
            CompletableFuture<Integer> port = new CompletableFuture<>();
            Thread reader = new Thread(
                    () -> {
                        try (BufferedReader out = new BufferedReader(
                                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                            String line;
                            while ((line = out.readLine()) != null) {
                                if (!port.isDone() && line.startsWith(READY)) {
                                    port.complete(Integer.parseInt(
                                            line.substring(READY.length()).trim()));
                                }
                            }
                        } catch (IOException | NumberFormatException e) {
                            port.completeExceptionally(e);
                        }
                        port.completeExceptionally(new IllegalStateException("mint exited before listening"));
                    },
                    "cashu-ts-mint-stdout");
            reader.setDaemon(true);
            reader.start();
            try {
                return port.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                throw new IllegalStateException("mint did not print LISTENING within " + START_TIMEOUT, e);
            } catch (ExecutionException e) {
                throw new IllegalStateException(
                        "mint failed to start: " + e.getCause().getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting the mint", e);
            }
        }

        private static String tail(Path log) {
            try {
                String text = Files.readString(log);
                return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
            } catch (IOException e) {
                return "(no log: " + e.getMessage() + ")";
            }
        }
    }

    /** Convenience for building request bodies. */
    public static ObjectNode object() {
        return NodeTooling.JSON.createObjectNode();
    }
}
