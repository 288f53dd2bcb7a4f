package io.routstr.gateway.bootstrap.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/** What a Routstr client does over plain HTTP against one node: the calls the suite makes, nothing more. */
final class Client {

    static final String MODEL = "gpt-4o-mini";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A reply: status, the {@code X-Cashu} header when present, body parsed as JSON when it is JSON. */
    record Reply(int status, String xCashu, String text) {
        JsonNode json() {
            try {
                return JSON.readTree(text);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON (" + status + "): " + text, e);
            }
        }

        String errorCode() {
            return json().at("/error/code").asText();
        }

        @Override
        public String toString() {
            return status + " " + (text.length() > 300 ? text.substring(0, 300) + "…" : text);
        }
    }

    private Client() {}

    /** {@code GET /v1/balance/info}: with a Cashu token as bearer this redeems it into the key sk-sha256(token). */
    static Reply balanceInfo(NodeProcess node, String bearer) {
        return send(node, "GET", "/v1/balance/info", bearer, null, Map.of());
    }

    static Reply refund(NodeProcess node, String bearer) {
        return send(node, "POST", "/v1/balance/refund", bearer, null, Map.of());
    }

    static Reply chat(NodeProcess node, String bearer, boolean stream) {
        return send(node, "POST", "/v1/chat/completions", bearer, chatBody(stream), Map.of());
    }

    /** Pays one request with a token in {@code X-Cashu}; the change comes back in the {@code X-Cashu} header. */
    static Reply chatWithXCashu(NodeProcess node, String token, boolean stream) {
        return send(node, "POST", "/v1/chat/completions", null, chatBody(stream), Map.of("X-Cashu", token));
    }

    /** Change that did not come back with an {@code X-Cashu} request, fetched again with the original token. */
    static Reply recoverChange(NodeProcess node, String originalToken) {
        return send(node, "POST", "/v1/balance/refund", null, null, Map.of("X-Cashu", originalToken));
    }

    static Reply createInvoice(NodeProcess node, long sats) {
        return send(node, "POST", "/lightning/invoice", null, "{\"amount_sats\":" + sats + "}", Map.of());
    }

    static Reply invoiceStatus(NodeProcess node, String invoiceId) {
        return send(node, "GET", "/lightning/invoice/" + invoiceId + "/status", null, null, Map.of());
    }

    static Reply models(NodeProcess node) {
        return send(node, "GET", "/v1/models", null, null, Map.of());
    }

    /** Opens a streamed chat completion and returns its body once the first event arrived; the caller closes it. */
    static BufferedReader openStream(NodeProcess node, String bearer) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = HTTP.send(
                request(node, "POST", "/v1/chat/completions", bearer, chatBody(true), Map.of())
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        BufferedReader body = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
        if (response.statusCode() != 200) {
            throw new AssertionError("stream refused: " + response.statusCode() + " " + body.readLine());
        }
        String line;
        while ((line = body.readLine()) != null && !line.startsWith("data:")) {
            // skip to the first event
        }
        return body;
    }

    static long balance(NodeProcess node, String key) {
        Reply info = balanceInfo(node, key);
        if (info.status() != 200) {
            throw new AssertionError("balance of a key: " + info);
        }
        return info.json().get("balance").asLong();
    }

    private static String chatBody(boolean stream) {
        return "{\"model\":\"" + MODEL
                + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":50,\"stream\":" + stream
                + (stream ? ",\"stream_options\":{\"include_usage\":true}" : "") + "}";
    }

    private static Reply send(
            NodeProcess node, String method, String path, String bearer, String body, Map<String, String> headers) {
        try {
            HttpResponse<String> response = HTTP.send(
                    request(node, method, path, bearer, body, headers).build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(
                    response.statusCode(),
                    response.headers().firstValue("X-Cashu").orElse(null),
                    response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " on " + node.name(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static HttpRequest.Builder request(
            NodeProcess node, String method, String path, String bearer, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node.url() + path))
                .timeout(Duration.ofSeconds(60))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        return request;
    }

    /** Repeats {@code call} until it answers {@code status}, for work that finishes after a restart's sweeps. */
    static Reply awaitStatus(Supplier<Reply> call, int status, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        Reply last = null;
        while (System.nanoTime() < deadline) {
            last = call.get();
            if (last.status() == status) {
                return last;
            }
            NodeProcess.sleep(Duration.ofMillis(500));
        }
        throw new AssertionError("no " + status + " within " + within + "; last reply " + last);
    }
}
