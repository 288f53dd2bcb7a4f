package io.routstr.gateway.upstream.fake;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A fake OpenAI-compatible (and Anthropic Messages) upstream for tests over real HTTP. Its behaviour is the server's
 * default or, per request, the {@code x-fake-behaviour} header. Also serves the Kraken, Coinbase and Binance price
 * shapes at {@code /kraken}, {@code /coinbase}, {@code /binance}.
 *
 * <p>Usage is deterministic: {@link #PROMPT_TOKENS} prompt tokens and one completion token per word of the reply.
 */
public final class FakeOpenAiServer implements AutoCloseable {

    public static final String BEHAVIOUR_HEADER = "x-fake-behaviour";
    public static final long PROMPT_TOKENS = 10;

    /** What the fake does with a request. */
    public enum Behaviour {
        /** Answers, reporting usage (the usage chunk only when the request asked for it). */
        OK,
        /** Answers without any usage. */
        NO_USAGE,
        ERROR_500,
        /** 429 with {@code Retry-After: 1}. */
        ERROR_429,
        ERROR_503,
        /** Never answers (until the hang limit). */
        HANG,
        /** Answers after {@link #slowFirstByte(Duration)}. */
        SLOW_FIRST_BYTE,
        /** Streams many chunks slowly (to let a client leave mid-stream); usage at the end. */
        SLOW_STREAM,
        /** Streams a few chunks, then drops the connection without finishing. */
        BROKEN_STREAM,
        /**
         * Streams a chat answer that opens with a {@code retry: 2500} block of its own and gives every chunk an
         * {@code id:} ({@code c-0}, {@code c-1}, ...).
         */
        EVENT_IDS
    }

    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};

    private final ObjectMapper mapper = new ObjectMapper();
    private final HttpServer server;
    private final AtomicReference<Behaviour> behaviour = new AtomicReference<>(Behaviour.OK);
    private final AtomicReference<List<String>> models = new AtomicReference<>(List.of("gpt-4o-mini"));
    private final AtomicReference<String> reply = new AtomicReference<>("Hello from the fake upstream");
    private final AtomicReference<Duration> slowFirstByte = new AtomicReference<>(Duration.ofMillis(300));
    private final AtomicReference<String> btcUsd = new AtomicReference<>("100000");
    private final AtomicReference<Map<String, Object>> openRouterCatalogue = new AtomicReference<>();
    private final AtomicInteger completions = new AtomicInteger();
    private final ConcurrentLinkedQueue<Recorded> recorded = new ConcurrentLinkedQueue<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean down;
    /**
     * The next {@code id:} of the stream this handler thread writes under {@link Behaviour#EVENT_IDS}, null otherwise;
     * per thread, so that concurrent streams do not share it.
     */
    private final ThreadLocal<AtomicInteger> eventIds = new ThreadLocal<>();

    private final ConcurrentLinkedQueue<Upload> uploads = new ConcurrentLinkedQueue<>();

    /** A multipart upload as the fake received it: its path, Content-Type (with the boundary) and raw bytes. */
    public record Upload(String path, String contentType, byte[] body) {}

    /** The multipart uploads received, in order. */
    public List<Upload> uploads() {
        return List.copyOf(uploads);
    }

    /** A request as the fake received it. */
    public record Recorded(String path, Map<String, List<String>> headers, Map<String, Object> body) {
        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst())
                    .findFirst()
                    .orElse(null);
        }
    }

    private FakeOpenAiServer(HttpServer server) {
        this.server = server;
    }

    public static FakeOpenAiServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
            FakeOpenAiServer fake = new FakeOpenAiServer(server);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/", fake::handle);
            server.start();
            return fake;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    public String root() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public FakeOpenAiServer behave(Behaviour next) {
        behaviour.set(next);
        return this;
    }

    public FakeOpenAiServer models(String... ids) {
        models.set(List.of(ids));
        return this;
    }

    public FakeOpenAiServer reply(String text) {
        reply.set(text);
        return this;
    }

    public FakeOpenAiServer slowFirstByte(Duration delay) {
        slowFirstByte.set(delay);
        return this;
    }

    public FakeOpenAiServer btcUsd(String price) {
        btcUsd.set(price);
        return this;
    }

    /**
     * Serves {@code catalogue} at {@code /api/v1/models}, as OpenRouter's live catalogue; null answers 503 there.
     */
    public FakeOpenAiServer openRouterCatalogue(Map<String, Object> catalogue) {
        openRouterCatalogue.set(catalogue);
        return this;
    }

    /** Where {@link #openRouterCatalogue} is served. */
    public String openRouterCatalogueUrl() {
        return root() + "/api/v1/models";
    }

    /** While down, every inference request fails with 503 {@code Retry-After: 0} (nothing processed). */
    public FakeOpenAiServer down(boolean isDown) {
        this.down = isDown;
        return this;
    }

    /** Inference requests received (not model lists or prices). */
    public int completions() {
        return completions.get();
    }

    public List<Recorded> recorded() {
        return new ArrayList<>(recorded);
    }

    public Recorded lastRequest() {
        List<Recorded> all = recorded();
        return all.isEmpty() ? null : all.getLast();
    }

    /** Completion tokens the fake reports for its reply. */
    public long completionTokens() {
        return words().length;
    }

    private String[] words() {
        return reply.get().split(" ");
    }

    @Override
    public void close() {
        stopped.countDown();
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            switch (path) {
                case "/kraken" ->
                    json(
                            exchange,
                            200,
                            Map.of(
                                    "error",
                                    List.of(),
                                    "result",
                                    Map.of("XXBTZUSD", Map.of("c", List.of(btcUsd.get(), "0.1")))));
                case "/coinbase" ->
                    json(
                            exchange,
                            200,
                            Map.of("data", Map.of("amount", btcUsd.get(), "base", "BTC", "currency", "USD")));
                case "/binance" -> json(exchange, 200, Map.of("symbol", "BTCUSDT", "price", btcUsd.get()));
                case "/api/v1/models" -> {
                    Map<String, Object> catalogue = openRouterCatalogue.get();
                    if (catalogue == null) {
                        json(exchange, 503, error("No catalogue", "server_error"));
                    } else {
                        json(exchange, 200, catalogue);
                    }
                }
                case "/v1/models" ->
                    json(
                            exchange,
                            200,
                            Map.of(
                                    "object",
                                    "list",
                                    "data",
                                    models.get().stream()
                                            .map(id -> Map.of("id", id, "object", "model"))
                                            .toList()));
                default -> inference(exchange, path);
            }
        } catch (IOException e) {
            // the client went away: nothing to answer
        }
    }

    private void inference(HttpExchange exchange, String path) throws IOException {
        byte[] raw = exchange.getRequestBody().readAllBytes();
        String contentType =
                Objects.requireNonNullElse(exchange.getRequestHeaders().getFirst("Content-Type"), "");
        if (contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            // An upload (audio, image): kept byte for byte; answered as OpenAI's transcription does, without usage.
            uploads.add(new Upload(path, contentType, raw));
            completions.incrementAndGet();
            if (new String(raw, StandardCharsets.ISO_8859_1).contains("name=\"stream\"\r\n\r\ntrue\r\n")) {
                streamTranscription(exchange);
                return;
            }
            json(exchange, 200, Map.of("text", "Hello from the fake upstream."));
            return;
        }
        Map<String, Object> body = raw.length == 0 ? Map.of() : mapper.readValue(raw, MAP);
        recorded.add(new Recorded(path, Map.copyOf(exchange.getRequestHeaders()), body));
        completions.incrementAndGet();
        String header = exchange.getRequestHeaders().getFirst(BEHAVIOUR_HEADER);
        Behaviour b = header != null ? Behaviour.valueOf(header.toUpperCase(Locale.ROOT)) : behaviour.get();
        if (down) {
            exchange.getResponseHeaders().set("Retry-After", "0");
            json(exchange, 503, error("The fake upstream is down", "server_error"));
            return;
        }
        switch (b) {
            case ERROR_500 -> json(exchange, 500, error("The fake upstream failed", "server_error"));
            case ERROR_503 -> json(exchange, 503, error("The fake upstream is overloaded", "server_error"));
            case ERROR_429 -> {
                exchange.getResponseHeaders().set("Retry-After", "1");
                json(exchange, 429, error("Rate limit reached for requests", "rate_limit_exceeded"));
            }
            case HANG -> pause(Duration.ofSeconds(30));
            case SLOW_FIRST_BYTE -> {
                pause(slowFirstByte.get());
                answer(exchange, path, body, true);
            }
            case NO_USAGE -> answer(exchange, path, body, false);
            case OK, SLOW_STREAM, BROKEN_STREAM, EVENT_IDS -> answer(exchange, path, body, true, b);
        }
    }

    /**
     * A transcription asked for with {@code stream=true} (gpt-4o-transcribe): {@code transcript.text.delta} events, then
     * {@code transcript.text.done} with the whole text and the usage, and no {@code [DONE]} line, as OpenAI sends it.
     */
    private void streamTranscription(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        String[] words = words();
        StringBuilder text = new StringBuilder();
        for (String word : words) {
            String piece = (text.isEmpty() ? "" : " ") + word;
            text.append(piece);
            event(out, null, Map.of("type", "transcript.text.delta", "delta", piece));
        }
        event(
                out,
                null,
                Map.of(
                        "type",
                        "transcript.text.done",
                        "text",
                        text.toString(),
                        "usage",
                        Map.of("type", "tokens", "input_tokens", PROMPT_TOKENS, "output_tokens", words.length)));
        out.flush();
    }

    private void pause(Duration duration) {
        try {
            stopped.await(duration.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void answer(HttpExchange exchange, String path, Map<String, Object> body, boolean usage)
            throws IOException {
        answer(exchange, path, body, usage, Behaviour.OK);
    }

    private void answer(HttpExchange exchange, String path, Map<String, Object> body, boolean usage, Behaviour b)
            throws IOException {
        String model = String.valueOf(body.getOrDefault("model", "unknown"));
        boolean stream = Boolean.TRUE.equals(body.get("stream"));
        String endpoint = path.replaceFirst("^/v1/", "");
        if (!stream) {
            json(exchange, 200, whole(endpoint, model, usage));
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        boolean includeUsage = usage
                && body.get("stream_options") instanceof Map<?, ?> options
                && Boolean.TRUE.equals(options.get("include_usage"));
        String[] words = words();
        int repeats = b == Behaviour.SLOW_STREAM ? 200 : 1;
        // A pooled handler thread may have written an EVENT_IDS stream before: this one starts without ids.
        eventIds.remove();
        switch (endpoint) {
            case "responses" -> streamResponses(out, model, words, usage);
            case "messages" -> streamMessages(out, model, words, usage);
            default -> {
                if (b == Behaviour.EVENT_IDS) {
                    eventIds.set(new AtomicInteger());
                    out.write("retry: 2500\n\n".getBytes(StandardCharsets.UTF_8));
                }
                event(out, null, chatChunk(model, Map.of("role", "assistant", "content", ""), null));
                int sent = 0;
                for (int r = 0; r < repeats; r++) {
                    for (int i = 0; i < words.length; i++) {
                        String piece = (sent == 0 ? "" : " ") + words[i];
                        event(out, null, chatChunk(model, Map.of("content", piece), null));
                        sent++;
                        if (b == Behaviour.BROKEN_STREAM && sent == 2) {
                            out.flush();
                            return;
                        }
                        if (b == Behaviour.SLOW_STREAM) {
                            pause(Duration.ofMillis(5));
                        }
                    }
                }
                event(out, null, chatChunk(model, Map.of(), "stop"));
                if (includeUsage) {
                    Map<String, Object> chunk = chatChunk(model, null, null);
                    chunk.put("choices", List.of());
                    chunk.put("usage", usage(PROMPT_TOKENS, (long) words.length * repeats));
                    event(out, null, chunk);
                }
                out.write(": keep-alive comment\r\n\r\n".getBytes(StandardCharsets.UTF_8));
                out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        }
    }

    private void streamResponses(OutputStream out, String model, String[] words, boolean usage) throws IOException {
        event(
                out,
                "response.created",
                Map.of(
                        "type",
                        "response.created",
                        "response",
                        Map.of("id", "resp_fake", "object", "response", "status", "in_progress", "model", model)));
        for (int i = 0; i < words.length; i++) {
            event(
                    out,
                    "response.output_text.delta",
                    Map.of(
                            "type",
                            "response.output_text.delta",
                            "item_id",
                            "msg_1",
                            "output_index",
                            0,
                            "content_index",
                            0,
                            "delta",
                            (i == 0 ? "" : " ") + words[i]));
        }
        Map<String, Object> response = responsesBody(model, usage);
        event(out, "response.completed", Map.of("type", "response.completed", "response", response));
        out.flush();
    }

    private void streamMessages(OutputStream out, String model, String[] words, boolean usage) throws IOException {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("id", "msg_fake");
        message.put("type", "message");
        message.put("role", "assistant");
        message.put("model", model);
        message.put("content", List.of());
        message.put("usage", usage ? Map.of("input_tokens", PROMPT_TOKENS, "output_tokens", 1) : Map.of());
        event(out, "message_start", Map.of("type", "message_start", "message", message));
        event(
                out,
                "content_block_start",
                Map.of("type", "content_block_start", "index", 0, "content_block", Map.of("type", "text", "text", "")));
        for (int i = 0; i < words.length; i++) {
            event(
                    out,
                    "content_block_delta",
                    Map.of(
                            "type",
                            "content_block_delta",
                            "index",
                            0,
                            "delta",
                            Map.of("type", "text_delta", "text", (i == 0 ? "" : " ") + words[i])));
        }
        event(out, "content_block_stop", Map.of("type", "content_block_stop", "index", 0));
        Map<String, Object> delta = new LinkedHashMap<>();
        delta.put("type", "message_delta");
        delta.put("delta", Map.of("stop_reason", "end_turn"));
        if (usage) {
            delta.put("usage", Map.of("output_tokens", (long) words.length));
        }
        event(out, "message_delta", delta);
        event(out, "message_stop", Map.of("type", "message_stop"));
        out.flush();
    }

    private Map<String, Object> whole(String endpoint, String model, boolean usage) {
        String text = reply.get();
        long output = words().length;
        Map<String, Object> body = new LinkedHashMap<>();
        switch (endpoint) {
            case "embeddings" -> {
                body.put("object", "list");
                body.put(
                        "data",
                        List.of(Map.of("object", "embedding", "index", 0, "embedding", List.of(0.1, 0.2, 0.3))));
                body.put("model", model);
                if (usage) {
                    body.put("usage", Map.of("prompt_tokens", PROMPT_TOKENS, "total_tokens", PROMPT_TOKENS));
                }
            }
            case "responses" -> body = responsesBody(model, usage);
            case "messages" -> {
                body.put("id", "msg_fake");
                body.put("type", "message");
                body.put("role", "assistant");
                body.put("model", model);
                body.put("content", List.of(Map.of("type", "text", "text", text)));
                body.put("stop_reason", "end_turn");
                body.put("stop_sequence", null);
                if (usage) {
                    body.put("usage", Map.of("input_tokens", PROMPT_TOKENS, "output_tokens", output));
                }
            }
            case "images/generations" -> {
                // An image answer: no text and, like OpenAI's DALL-E answers, no usage.
                body.put("created", 1_700_000_000L);
                body.put("data", List.of(Map.of("url", "https://images.invalid/fake.png")));
            }
            case "completions" -> {
                body.put("id", "cmpl-fake");
                body.put("object", "text_completion");
                body.put("created", 1_700_000_000L);
                body.put("model", model);
                body.put("choices", List.of(Map.of("index", 0, "text", text, "finish_reason", "stop")));
                if (usage) {
                    body.put("usage", usage(PROMPT_TOKENS, output));
                }
            }
            default -> {
                body.put("id", "chatcmpl-fake");
                body.put("object", "chat.completion");
                body.put("created", 1_700_000_000L);
                body.put("model", model);
                Map<String, Object> message = new LinkedHashMap<>();
                message.put("role", "assistant");
                message.put("content", text);
                message.put("refusal", null);
                body.put("choices", List.of(Map.of("index", 0, "message", message, "finish_reason", "stop")));
                if (usage) {
                    body.put("usage", usage(PROMPT_TOKENS, output));
                }
            }
        }
        return body;
    }

    private Map<String, Object> responsesBody(String model, boolean usage) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", "resp_fake");
        body.put("object", "response");
        body.put("created_at", 1_700_000_000L);
        body.put("status", "completed");
        body.put("model", model);
        body.put(
                "output",
                List.of(Map.of(
                        "type",
                        "message",
                        "id",
                        "msg_1",
                        "status",
                        "completed",
                        "role",
                        "assistant",
                        "content",
                        List.of(Map.of("type", "output_text", "text", reply.get(), "annotations", List.of())))));
        if (usage) {
            long output = words().length;
            body.put(
                    "usage",
                    Map.of(
                            "input_tokens",
                            PROMPT_TOKENS,
                            "output_tokens",
                            output,
                            "total_tokens",
                            PROMPT_TOKENS + output));
        }
        return body;
    }

    private static Map<String, Object> usage(long prompt, long completion) {
        return Map.of("prompt_tokens", prompt, "completion_tokens", completion, "total_tokens", prompt + completion);
    }

    private static Map<String, Object> chatChunk(String model, Map<String, Object> delta, String finishReason) {
        Map<String, Object> chunk = new LinkedHashMap<>();
        chunk.put("id", "chatcmpl-fake");
        chunk.put("object", "chat.completion.chunk");
        chunk.put("created", 1_700_000_000L);
        chunk.put("model", model);
        if (delta != null) {
            Map<String, Object> choice = new LinkedHashMap<>();
            choice.put("index", 0);
            choice.put("delta", delta);
            choice.put("finish_reason", finishReason);
            chunk.put("choices", List.of(choice));
        }
        return chunk;
    }

    private static Map<String, Object> error(String message, String type) {
        return Map.of("error", Map.of("message", message, "type", type, "code", type));
    }

    private void event(OutputStream out, String name, Map<String, Object> data) throws IOException {
        StringBuilder text = new StringBuilder();
        if (name != null) {
            text.append("event: ").append(name).append('\n');
        }
        AtomicInteger ids = eventIds.get();
        if (ids != null) {
            text.append("id: c-").append(ids.getAndIncrement()).append('\n');
        }
        text.append("data: ").append(mapper.writeValueAsString(data)).append("\n\n");
        out.write(text.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private void json(HttpExchange exchange, int status, Map<String, Object> body) throws IOException {
        byte[] bytes = mapper.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
