package io.routstr.gateway.cashu.testmint.ts;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A Cashu wallet on {@code @cashu/cashu-ts} ({@code node client.mjs serve}), bound to one mint. Use it to make tokens
 * the Java wallet must accept, and to check that tokens the Java wallet hands out are redeemable by another
 * implementation. Holds no proofs between calls: every command works on the token it is given. Skips the calling
 * test when {@code node} is not on {@code PATH}. Close it to stop its Node process (it also exits with the JVM).
 */
public final class CashuTsWallet implements AutoCloseable {

    private static final long TIMEOUT_SECONDS = 30;
    private static final String EOF = "\u0000EOF";

    private final String mintUrl;

    // One long-lived `node client.mjs serve` per wallet, started on first use: a Node start per command
    // would cost more than the command.
    private Process process;
    private BufferedWriter commands;
    private BlockingQueue<String> replies;
    private CompletableFuture<String> stderr;

    public CashuTsWallet(String mintUrl) {
        this.mintUrl = mintUrl;
    }

    public CashuTsWallet(CashuTsMint mint) {
        this(mint.url());
    }

    /**
     * A freshly minted token, its proofs as NUT-00 JSON ({@code amount, id, secret, C, dleq{e,s,r}}) so tests can
     * also spend them directly, and their NUT-07 {@code Y} values (same order) for {@link CashuTsMint#checkState}.
     */
    public record MintedToken(String token, long amount, String unit, JsonNode proofs, List<String> ys) {
        public int proofCount() {
            return proofs.size();
        }
    }

    /**
     * Result of redeeming (swapping) a token: credited amount, input fee paid, the fresh proofs as a token and their
     * NUT-07 {@code Y} values.
     */
    public record Received(long amount, long fee, String unit, String token, List<String> ys) {}

    /** Mints {@code amount} sat and returns it as a V4 ({@code cashuB}) token with DLEQ proofs. */
    public MintedToken mintToken(long amount) {
        return mintToken(amount, "sat", false);
    }

    /** Mints {@code amount} of {@code unit}; {@code v3} selects a {@code cashuA} token instead of {@code cashuB}. */
    public MintedToken mintToken(long amount, String unit, boolean v3) {
        List<String> args = new ArrayList<>(
                List.of("mint-token", "--mint", mintUrl, "--amount", Long.toString(amount), "--unit", unit));
        if (v3) {
            args.add("--v3");
        }
        JsonNode out = run(args);
        return new MintedToken(
                out.path("token").asText(),
                out.path("amount").asLong(),
                out.path("unit").asText(),
                out.path("proofs"),
                texts(out.path("ys")));
    }

    /** Swaps the token's proofs at the mint; throws {@link CashuTsClientException} with the mint's code on failure. */
    public Received receive(String token) {
        return receive(token, false);
    }

    /**
     * Like {@link #receive(String)}; with {@code requireDleq} every proof must carry a valid NUT-12 DLEQ proof (with
     * {@code r}), which is how to check the DLEQ proofs in tokens the Java wallet hands out.
     */
    public Received receive(String token, boolean requireDleq) {
        List<String> args = new ArrayList<>(List.of("receive", "--mint", mintUrl, "--token", token));
        if (requireDleq) {
            args.add("--require-dleq");
        }
        JsonNode out = run(args);
        return new Received(
                out.path("amount").asLong(),
                out.path("fee").asLong(),
                out.path("unit").asText(),
                out.path("token").asText(),
                texts(out.path("ys")));
    }

    /**
     * Result of paying an invoice from a token: melt quote id, state ({@code PAID} or {@code PENDING}), quoted
     * amount and fee reserve, preimage, NUT-08 change received, and what is left as a token (null when nothing is).
     */
    public record Melted(
            String quote,
            String state,
            long amount,
            long feeReserve,
            String paymentPreimage,
            long change,
            long remaining,
            String token) {}

    /** Pays a bolt11 invoice with the token's proofs; throws {@link CashuTsClientException} on failure. */
    public Melted melt(String token, String invoice) {
        JsonNode out = run(List.of("melt", "--mint", mintUrl, "--token", token, "--invoice", invoice));
        return new Melted(
                out.path("quote").asText(),
                out.path("state").asText(),
                out.path("amount").asLong(),
                out.path("fee_reserve").asLong(),
                out.path("payment_preimage").isNull()
                        ? null
                        : out.path("payment_preimage").asText(),
                out.path("change").asLong(),
                out.path("remaining").asLong(),
                out.path("token").isNull() ? null : out.path("token").asText());
    }

    /** The token as cashu-ts decodes it: {@code version, mint, unit, memo?, amount, proofs[]}. */
    public JsonNode decode(String token) {
        return run(List.of("decode", "--mint", mintUrl, "--token", token));
    }

    /** NUT-07 state of each proof of the token, in token order: UNSPENT, PENDING or SPENT. */
    public List<String> checkState(String token) {
        return texts(
                run(List.of("checkstate", "--mint", mintUrl, "--token", token)).path("states"));
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(node -> out.add(node.asText()));
        return List.copyOf(out);
    }

    @Override
    public synchronized void close() {
        if (process == null) {
            return;
        }
        try {
            commands.close(); // client.mjs serve exits at the end of its input
        } catch (IOException ignored) {
            // killed below if it does not exit
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        process = null;
    }

    private synchronized JsonNode run(List<String> args) {
        start();
        String line;
        try {
            commands.write(NodeTooling.JSON.writeValueAsString(args));
            commands.newLine();
            commands.flush();
            line = replies.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (IOException e) {
            stop();
            throw new UncheckedIOException("client.mjs serve is gone", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop();
            throw new IllegalStateException("interrupted", e);
        }
        if (line == null || line.equals(EOF)) {
            String why = line == null ? "timed out after " + TIMEOUT_SECONDS + " s" : "exited";
            stop();
            throw new IllegalStateException("client.mjs " + args.get(0) + ": " + why + "; stderr: " + stderr.join());
        }
        JsonNode out = NodeTooling.parse(line);
        if (out.has("error")) {
            JsonNode code = out.path("code");
            throw new CashuTsClientException(
                    "client.mjs " + args.get(0) + ": " + out.path("error").asText(),
                    code.isIntegralNumber() ? code.asInt() : null);
        }
        return out;
    }

    private void start() {
        if (process != null) {
            return;
        }
        Path node = NodeTooling.nodeOrSkip();
        Path dir = NodeTooling.projectDir();
        NodeTooling.ensureInstalled(dir);
        try {
            process = new ProcessBuilder(NodeTooling.command(node, dir.resolve("client.mjs"), List.of("serve")))
                    .directory(dir.toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start node client.mjs serve", e);
        }
        commands = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        replies = new LinkedBlockingQueue<>();
        stderr = NodeTooling.readAsync(process.getErrorStream());
        BlockingQueue<String> queue = replies;
        BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Thread reader = new Thread(
                () -> {
                    try (out) {
                        String line;
                        while ((line = out.readLine()) != null) {
                            queue.add(line);
                        }
                    } catch (IOException ignored) {
                        // treated as the end of output
                    }
                    queue.add(EOF);
                },
                "cashu-ts-wallet-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    private void stop() {
        if (process != null) {
            process.destroyForcibly();
            process = null;
        }
    }
}
