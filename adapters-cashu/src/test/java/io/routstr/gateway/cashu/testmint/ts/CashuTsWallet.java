package io.routstr.gateway.cashu.testmint.ts;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A Cashu wallet on {@code @cashu/cashu-ts} ({@code node client.mjs}), bound to one mint. Use it to make tokens the
 * Java wallet must accept, and to check that tokens the Java wallet hands out are redeemable by another
 * implementation. Skips the calling test when {@code node} is not on {@code PATH}.
 */
public final class CashuTsWallet {

    private static final long TIMEOUT_SECONDS = 30;

    private final String mintUrl;

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
        JsonNode out = run(List.of("receive", "--mint", mintUrl, "--token", token));
        return new Received(
                out.path("amount").asLong(),
                out.path("fee").asLong(),
                out.path("unit").asText(),
                out.path("token").asText(),
                texts(out.path("ys")));
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

    private static JsonNode run(List<String> args) {
        Path node = NodeTooling.nodeOrSkip();
        Path dir = NodeTooling.projectDir();
        NodeTooling.ensureInstalled(dir);
        Process process;
        try {
            process = new ProcessBuilder(NodeTooling.command(node, dir.resolve("client.mjs"), args))
                    .directory(dir.toFile())
                    .start();
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start node client.mjs", e);
        }
        CompletableFuture<String> stdout = NodeTooling.readAsync(process.getInputStream());
        CompletableFuture<String> stderr = NodeTooling.readAsync(process.getErrorStream());
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("client.mjs " + args.get(0) + " timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted", e);
        }
        String text = stdout.join().strip();
        if (text.isEmpty()) {
            throw new IllegalStateException("client.mjs " + args.get(0) + " printed nothing (exit "
                    + process.exitValue() + "): " + stderr.join());
        }
        JsonNode out = NodeTooling.parse(text.substring(text.lastIndexOf('\n') + 1));
        if (process.exitValue() != 0 || out.has("error")) {
            JsonNode code = out.path("code");
            throw new CashuTsClientException(
                    "client.mjs " + args.get(0) + ": " + out.path("error").asText(text),
                    code.isIntegralNumber() ? code.asInt() : null);
        }
        return out;
    }
}
