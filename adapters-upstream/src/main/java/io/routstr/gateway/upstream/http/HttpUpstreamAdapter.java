package io.routstr.gateway.upstream.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.routstr.gateway.application.port.out.UpstreamPort;
import io.routstr.gateway.domain.pricing.RequestBill;
import io.routstr.gateway.domain.provider.ProviderId;
import io.routstr.gateway.domain.provider.UpstreamProvider;
import io.routstr.gateway.domain.proxy.ApiEndpoint;
import io.routstr.gateway.domain.proxy.UpstreamError;
import io.routstr.gateway.domain.proxy.UpstreamPayload;
import io.routstr.gateway.upstream.dialect.JsonAnswer;
import io.routstr.gateway.upstream.dialect.JsonPayload;
import io.routstr.gateway.upstream.dialect.MultipartPayload;
import io.routstr.gateway.upstream.dialect.ResponseDialect;
import io.routstr.gateway.upstream.dialect.SplicedAnswer;
import io.routstr.gateway.upstream.dialect.SseEvent;
import io.routstr.gateway.upstream.dialect.StreamDialect;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards requests to OpenAI-compatible providers (and Anthropic Messages) over Jetty's HTTP client (HTTP/1.1, one
 * keep-alive pool per provider address, see {@link UpstreamTransport}), with connect, first-byte and idle timeouts, a
 * Resilience4j circuit breaker and bulkhead per provider, model-id rewriting both ways,
 * {@code stream_options.include_usage} forced on streams, and upstream errors normalised to OpenAI-shaped bodies
 * (Routstr §7.3–7.4, with its missing timeouts of §14 fixed). Holds the node's one upstream HTTP client: {@link
 * #close} stops it.
 */
public final class HttpUpstreamAdapter implements UpstreamPort, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HttpUpstreamAdapter.class);

    private static final int MAX_ERROR_BODY = 64 * 1024;
    private static final int MAX_ANSWER_BODY = 64 * 1024 * 1024;
    private static final Pattern ORG_ID = Pattern.compile("org-[A-Za-z0-9]{6,}");
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};

    private final UpstreamSettings settings;
    private final ObjectMapper mapper;
    private final SplicedAnswer.Splicer splicer;
    private final Clock clock;
    private final Map<ProviderId, Channel> channels = new ConcurrentHashMap<>();
    private final CircuitBreakerRegistry circuitBreakers;
    private final BulkheadRegistry bulkheads;
    private final UpstreamTransport transport;

    public HttpUpstreamAdapter(UpstreamSettings settings, ObjectMapper mapper, Clock clock) {
        this(settings, mapper, clock, CircuitBreakerRegistry.ofDefaults(), BulkheadRegistry.ofDefaults());
    }

    /**
     * With the providers' circuit breakers and bulkheads kept in {@code circuitBreakers} and {@code bulkheads}, so that
     * whoever watches those registries (the node's metrics) sees each breaker's state and each bulkhead's free calls.
     */
    public HttpUpstreamAdapter(
            UpstreamSettings settings,
            ObjectMapper mapper,
            Clock clock,
            CircuitBreakerRegistry circuitBreakers,
            BulkheadRegistry bulkheads) {
        this.settings = settings;
        this.mapper = mapper;
        this.splicer = SplicedAnswer.splicer(mapper);
        this.clock = clock;
        this.circuitBreakers = circuitBreakers;
        this.bulkheads = bulkheads;
        // The pool may hold a connection for every call the bulkhead lets through, streams included.
        this.transport = new UpstreamTransport(settings.connectTimeout(), settings.maxConcurrentCalls());
    }

    /** Stops the upstream HTTP client; calls still open fail. */
    @Override
    public void close() {
        transport.close();
    }

    /** One provider's circuit breaker and bulkhead (its connections are pooled by the transport, per address). */
    private record Channel(String baseUrl, CircuitBreaker breaker, Bulkhead bulkhead) {}

    /** The circuit breaker state of {@code provider}, for health reporting and tests. */
    public CircuitBreaker.State circuitState(ProviderId provider) {
        Channel channel = channels.get(provider);
        return channel == null ? CircuitBreaker.State.CLOSED : channel.breaker().getState();
    }

    /** A fresh breaker under {@code name}: a provider whose address changed starts over with a closed circuit. */
    private CircuitBreaker breaker(String name, CircuitBreakerConfig config) {
        circuitBreakers.remove(name);
        return circuitBreakers.circuitBreaker(name, config);
    }

    /**
     * The bulkhead under {@code name}: kept when the provider's address changes, as the calls it counts are still in
     * flight and release it when they end.
     */
    private Bulkhead bulkhead(String name, BulkheadConfig config) {
        return bulkheads.bulkhead(name, config);
    }

    private Channel channel(UpstreamProvider provider) {
        Channel existing = channels.get(provider.id());
        if (existing != null && existing.baseUrl().equals(provider.baseUrl())) {
            return existing;
        }
        Channel created = new Channel(
                provider.baseUrl(),
                breaker(
                        "upstream-" + provider.id(),
                        CircuitBreakerConfig.custom()
                                .failureRateThreshold(settings.failureRateThreshold())
                                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                                .slidingWindowSize(settings.slidingWindowSize())
                                .minimumNumberOfCalls(settings.minimumCalls())
                                .waitDurationInOpenState(settings.openStateWait())
                                .permittedNumberOfCallsInHalfOpenState(1)
                                .clock(clock)
                                .build()),
                bulkhead(
                        "upstream-" + provider.id(),
                        BulkheadConfig.custom()
                                .maxConcurrentCalls(settings.maxConcurrentCalls())
                                .maxWaitDuration(Duration.ZERO)
                                .build()));
        channels.put(provider.id(), created);
        return created;
    }

    @Override
    public UpstreamOutcome send(UpstreamRequest request) {
        UpstreamProvider provider = request.route().provider();
        Channel channel = channel(provider);
        if (!channel.bulkhead().tryAcquirePermission()) {
            return failure(FailureKind.BULKHEAD_FULL, 503, "upstream_unavailable", "The upstream provider is busy");
        }
        AtomicBoolean permitHeld = new AtomicBoolean(true);
        try {
            if (!channel.breaker().tryAcquirePermission()) {
                return failure(
                        FailureKind.CIRCUIT_OPEN,
                        503,
                        "upstream_unavailable",
                        "The upstream provider is unavailable; try again shortly");
            }
            long start = System.nanoTime();
            try {
                return exchange(request, channel, permitHeld);
            } catch (RuntimeException e) {
                // A fault of ours (a malformed URL, a body that is not JSON): the permission must not leak.
                channel.breaker().onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
                throw e;
            }
        } finally {
            if (permitHeld.get()) {
                channel.bulkhead().onComplete();
            }
        }
    }

    private UpstreamOutcome exchange(UpstreamRequest request, Channel channel, AtomicBoolean permitHeld) {
        UpstreamProvider provider = request.route().provider();
        ApiEndpoint endpoint = request.request().endpoint();
        String clientModel = request.request().model().value();
        boolean translate = endpoint == ApiEndpoint.MESSAGES && !provider.type().speaksAnthropicMessages();
        UpstreamTransport.Call call = call(request, translate);
        long start = System.nanoTime();
        UpstreamTransport.Sent sent;
        try {
            sent = transport.send(call, settings.firstByteTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            channel.breaker().releasePermission();
            return failure(FailureKind.BROKEN, 0, "upstream_request_failed", "Interrupted");
        }
        UpstreamTransport.Sent.Answer response;
        switch (sent) {
            case UpstreamTransport.Sent.Answer answer -> response = answer;
            case UpstreamTransport.Sent.NotConnected(Throwable cause) -> {
                return transportFailure(
                        channel, start, cause, FailureKind.CONNECT_FAILED, "Unable to connect to upstream service");
            }
            case UpstreamTransport.Sent.TimedOut ignored -> {
                return transportFailure(
                        channel,
                        start,
                        new TimeoutException("no first byte within " + settings.firstByteTimeout()),
                        FailureKind.TIMEOUT,
                        "Upstream service request timed out");
            }
            case UpstreamTransport.Sent.Failed(Throwable cause) -> {
                return transportFailure(channel, start, cause, FailureKind.BROKEN, "The upstream connection failed");
            }
        }
        BodyReader reader = response.body();
        int status = response.status();
        long elapsed = System.nanoTime() - start;
        if (status >= 500) {
            channel.breaker().onError(elapsed, TimeUnit.NANOSECONDS, new IOException("upstream status " + status));
        } else {
            channel.breaker().onSuccess(elapsed, TimeUnit.NANOSECONDS);
        }
        Map<String, List<String>> headers = response.headers();
        String contentType = header(headers, "content-type").orElse("application/octet-stream");
        if (status < 200 || status > 299) {
            Optional<byte[]> body = readAll(reader, MAX_ERROR_BODY);
            reader.cancel();
            return new UpstreamOutcome.Failed(httpFailure(status, headers, contentType, body.orElse(new byte[0])));
        }
        if (contentType.toLowerCase(Locale.ROOT).startsWith("text/event-stream")) {
            permitHeld.set(false);
            return new UpstreamOutcome.Streaming(
                    status,
                    headers,
                    new SseEventStream(
                            reader,
                            channel.bulkhead(),
                            clientModel,
                            translate,
                            new StreamDialect(
                                    endpoint,
                                    clientModel,
                                    streamedRequest(request.request().payload()),
                                    mapper)));
        }
        Optional<byte[]> body = readAll(reader, MAX_ANSWER_BODY);
        if (body.isEmpty()) {
            reader.cancel();
            return failure(FailureKind.TIMEOUT, 504, "upstream_timeout", "The upstream answer stalled");
        }
        Optional<UpstreamAnswer> spliced = translate ? Optional.empty() : splicer.of(endpoint, body.get(), clientModel);
        return new UpstreamOutcome.Answered(
                status,
                headers,
                spliced.orElseGet(() -> parsedAnswer(endpoint, body.get(), contentType, clientModel, translate)));
    }

    /**
     * An answer read whole into a map: one translated from Anthropic's Messages, one whose top level the splice leaves
     * alone ({@link SplicedAnswer}), or one that is not a JSON object (passed on as it came).
     */
    private UpstreamAnswer parsedAnswer(
            ApiEndpoint endpoint, byte[] body, String contentType, String clientModel, boolean translate) {
        Optional<Map<String, Object>> json = parseObject(body).map(map -> {
            ResponseDialect.putClientModel(map, clientModel);
            return translate ? AnthropicTranslation.toMessagesResponse(map, clientModel) : map;
        });
        return new JsonAnswer(endpoint, body, contentType, json, mapper);
    }

    /** What a stream's dialect needs of the request: a multipart upload asked for no usage chunk of its own. */
    private static JsonPayload streamedRequest(UpstreamPayload payload) {
        return payload instanceof MultipartPayload ? new JsonPayload(Map.of(), false) : JsonPayload.of(payload);
    }

    private UpstreamTransport.Call call(UpstreamRequest request, boolean translate) {
        UpstreamProvider provider = request.route().provider();
        ApiEndpoint endpoint = request.request().endpoint();
        boolean stream = request.request().stream();
        if (request.request().payload() instanceof MultipartPayload form) {
            return multipartRequest(request, form);
        }
        JsonPayload clientBody = JsonPayload.of(request.request().payload());
        String upstreamModel = request.route().upstreamModelId();
        boolean chatLike = translate || endpoint == ApiEndpoint.CHAT_COMPLETIONS || endpoint == ApiEndpoint.COMPLETIONS;
        // Routstr §4.7: a stream always asks for the usage chunk, whatever the client asked; it decides the bill.
        boolean askForUsage = stream && chatLike;
        byte[] body = translate
                ? toJson(JsonPayload.forProvider(
                        AnthropicTranslation.toChatRequest(clientBody.body()), upstreamModel, askForUsage))
                : clientBody.forProvider(upstreamModel, askForUsage, mapper);
        String path = translate ? ApiEndpoint.CHAT_COMPLETIONS.path() : request.path();
        URI uri = ProviderWire.uri(provider, path, request.route().upstreamModelId());
        Map<String, List<String>> headers = forwardedHeaders(request);
        headers.put("Content-Type", List.of("application/json"));
        headers.put("Accept", List.of(stream ? "text/event-stream" : "application/json"));
        if (endpoint == ApiEndpoint.MESSAGES
                && !translate
                && request.clientHeaders().keySet().stream().noneMatch(h -> h.equalsIgnoreCase("anthropic-version"))) {
            headers.put("anthropic-version", List.of(ProviderWire.ANTHROPIC_VERSION));
        }
        ProviderWire.credentials(provider, endpoint).forEach((name, value) -> headers.put(name, List.of(value)));
        return new UpstreamTransport.Call(uri, headers, body);
    }

    /** The client's headers that may go upstream, in a map where a header set later replaces them, whatever case. */
    private static Map<String, List<String>> forwardedHeaders(UpstreamRequest request) {
        Map<String, List<String>> headers = UpstreamTransport.Call.newHeaders();
        ProviderWire.forwardableHeaders(request.clientHeaders())
                .forEach((name, values) ->
                        headers.computeIfAbsent(name, n -> new ArrayList<>()).addAll(values));
        return headers;
    }

    /**
     * A multipart upload, sent as the client sent it with its own Content-Type (boundary intact); only its model field
     * is replaced by the provider's model id.
     */
    private static UpstreamTransport.Call multipartRequest(UpstreamRequest request, MultipartPayload form) {
        UpstreamProvider provider = request.route().provider();
        URI uri = ProviderWire.uri(provider, request.path(), request.route().upstreamModelId());
        Map<String, List<String>> headers = forwardedHeaders(request);
        headers.put("Content-Type", List.of(form.contentType()));
        ProviderWire.credentials(provider, request.request().endpoint())
                .forEach((name, value) -> headers.put(name, List.of(value)));
        return new UpstreamTransport.Call(
                uri, headers, form.withModel(request.route().upstreamModelId()));
    }

    private UpstreamOutcome transportFailure(
            Channel channel, long start, Throwable e, FailureKind kind, String message) {
        channel.breaker().onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
        String code = kind == FailureKind.TIMEOUT ? "upstream_timeout" : "upstream_request_failed";
        return failure(kind, 0, code, message);
    }

    private static UpstreamOutcome failure(FailureKind kind, int status, String code, String message) {
        return new UpstreamOutcome.Failed(new UpstreamFailure(
                kind,
                kind == FailureKind.CIRCUIT_OPEN || kind == FailureKind.BULKHEAD_FULL ? 0 : status,
                UpstreamError.of(message, "upstream_error", code),
                Optional.empty(),
                message));
    }

    /** An upstream's non-2xx answer as an OpenAI-shaped error (Routstr §7.3); org ids are redacted. */
    private UpstreamFailure httpFailure(
            int status, Map<String, List<String>> headers, String contentType, byte[] body) {
        Optional<Duration> retryAfter = retryAfter(headers);
        Optional<Map<String, Object>> parsed = parseObject(body);
        String upstreamMessage = parsed.flatMap(HttpUpstreamAdapter::messageOf)
                .map(HttpUpstreamAdapter::redact)
                .orElse(null);
        if (status == 429) {
            String message = upstreamMessage != null ? upstreamMessage : "Upstream rate limit exceeded";
            UpstreamError error = new UpstreamError(
                    message,
                    "rate_limit_error",
                    "UPSTREAM_RATE_LIMIT",
                    Optional.empty(),
                    Optional.of(retryAfter.map(Duration::toSeconds).orElse(1L)),
                    Optional.empty(),
                    Optional.empty());
            return new UpstreamFailure(FailureKind.RATE_LIMITED, status, error, retryAfter, message);
        }
        FailureKind kind = status == 503 ? FailureKind.UNAVAILABLE : FailureKind.HTTP_ERROR;
        UpstreamError error;
        if (parsed.isPresent() && parsed.get().get("error") instanceof Map<?, ?> upstreamError) {
            error = UpstreamError.of(
                    upstreamMessage != null ? upstreamMessage : "Upstream error",
                    upstreamError.get("type") instanceof String type ? type : "upstream_error",
                    upstreamError.get("code") != null
                            ? String.valueOf(upstreamError.get("code"))
                            : Integer.toString(status));
        } else if (upstreamMessage != null) {
            error = UpstreamError.of(upstreamMessage, "upstream_error", Integer.toString(status));
        } else {
            String preview = redact(new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8));
            error = new UpstreamError(
                    "Error forwarding request to upstream",
                    "upstream_error",
                    Integer.toString(status),
                    Optional.of(status),
                    Optional.empty(),
                    Optional.of(contentType),
                    Optional.of(preview));
        }
        return new UpstreamFailure(kind, status, error, retryAfter, "upstream status " + status);
    }

    private static Optional<String> messageOf(Map<String, Object> body) {
        if (body.get("error") instanceof Map<?, ?> error && error.get("message") instanceof String m) {
            return Optional.of(m);
        }
        if (body.get("error") instanceof String m) {
            return Optional.of(m);
        }
        if (body.get("message") instanceof String m) {
            return Optional.of(m);
        }
        if (body.get("detail") instanceof String m) {
            return Optional.of(m);
        }
        return Optional.empty();
    }

    static String redact(String text) {
        return ORG_ID.matcher(text).replaceAll("org-[redacted]");
    }

    /** {@code Retry-After} in seconds or as an HTTP date, or {@code retry-after-ms}. */
    static Optional<Duration> retryAfter(Map<String, List<String>> headers) {
        Optional<String> value = header(headers, "retry-after");
        if (value.isPresent()) {
            String v = value.get().strip();
            try {
                return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(v))));
            } catch (NumberFormatException notSeconds) {
                try {
                    ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                    Duration wait = Duration.between(ZonedDateTime.now(at.getZone()), at);
                    return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
                } catch (RuntimeException notADate) {
                    return Optional.empty();
                }
            }
        }
        return header(headers, "retry-after-ms").flatMap(ms -> {
            try {
                return Optional.of(Duration.ofMillis(Math.max(0, (long) Double.parseDouble(ms.strip()))));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    private static Optional<String> header(Map<String, List<String>> headers, String name) {
        return headers.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty())
                .map(e -> e.getValue().getFirst())
                .findFirst();
    }

    /** The whole body, or empty when it stalled past the idle timeout, broke, or exceeded {@code limit}. */
    private Optional<byte[]> readAll(BodyReader reader, int limit) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            switch (reader.next(settings.idleTimeout())) {
                case BodyReader.Chunk.Data data -> {
                    if (out.size() + data.bytes().length > limit) {
                        return Optional.empty();
                    }
                    out.writeBytes(data.bytes());
                }
                case BodyReader.Chunk.End ignored -> {
                    return Optional.of(out.toByteArray());
                }
                case BodyReader.Chunk.Failed ignored -> {
                    return Optional.empty();
                }
                case BodyReader.Chunk.Timeout ignored -> {
                    return Optional.empty();
                }
            }
        }
    }

    private Optional<Map<String, Object>> parseObject(byte[] body) {
        int i = 0;
        while (i < body.length && Character.isWhitespace(body[i])) {
            i++;
        }
        if (i >= body.length || body[i] != '{') {
            return Optional.empty();
        }
        try {
            return Optional.of(mapper.readValue(body, MAP));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private Optional<Map<String, Object>> parseObject(String data) {
        String trimmed = data.strip();
        if (!trimmed.startsWith("{")) {
            return Optional.empty();
        }
        try {
            return Optional.of(mapper.readValue(trimmed, MAP));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    private byte[] toJson(Map<String, Object> body) {
        try {
            return mapper.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the request body cannot be written as JSON", e);
        }
    }

    /** A provider's SSE answer as events, parsed as they arrive. */
    private final class SseEventStream implements EventStream {

        private final BodyReader reader;
        private final Bulkhead bulkhead;
        private final AnthropicTranslation.StreamTranslator translator;
        private final StreamDialect dialect;
        private final SseParser parser = new SseParser();
        private final Deque<UpstreamEvent> pending = new ArrayDeque<>();
        private final AtomicBoolean closed = new AtomicBoolean();
        private boolean ended;

        SseEventStream(
                BodyReader reader, Bulkhead bulkhead, String clientModel, boolean translate, StreamDialect dialect) {
            this.reader = reader;
            this.dialect = dialect;
            this.bulkhead = bulkhead;
            this.translator = translate ? new AnthropicTranslation.StreamTranslator(clientModel) : null;
        }

        @Override
        public StreamRead next(Duration maxWait) {
            boolean idleBound = maxWait.compareTo(settings.idleTimeout()) >= 0;
            Duration wait = idleBound ? settings.idleTimeout() : maxWait;
            long deadline = System.nanoTime() + wait.toNanos();
            while (pending.isEmpty()) {
                if (ended) {
                    return new StreamRead.End();
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    if (idleBound) {
                        close();
                        return new StreamRead.Broken("idle timeout");
                    }
                    return new StreamRead.Stalled();
                }
                switch (reader.next(Duration.ofNanos(left))) {
                    case BodyReader.Chunk.Data data -> {
                        parser.feed(data.bytes(), 0, data.bytes().length).forEach(this::accept);
                        deadline = System.nanoTime() + wait.toNanos();
                    }
                    case BodyReader.Chunk.End ignored -> {
                        parser.finish().forEach(this::accept);
                        if (translator != null) {
                            translator.finish().forEach(this::acceptTranslated);
                        }
                        ended = true;
                    }
                    case BodyReader.Chunk.Failed failed -> {
                        close();
                        if (!(failed.error() instanceof IOException || failed.error() instanceof TimeoutException)) {
                            // Not the network: the client's own failure (an assertion in its receiver failed one
                            // stream in a test run), worth its stack trace; the caller logs the stream as broken.
                            log.warn("Upstream stream failed inside the HTTP client", failed.error());
                        }
                        return new StreamRead.Broken(String.valueOf(failed.error()));
                    }
                    case BodyReader.Chunk.Timeout ignored -> {
                        // the loop decides between stalled and broken
                    }
                }
            }
            return new StreamRead.Event(pending.poll());
        }

        private void accept(SseParser.RawEvent raw) {
            if (translator != null) {
                parseObject(raw.data())
                        .ifPresent(chunk -> translator.translate(chunk).forEach(this::acceptTranslated));
                return;
            }
            pending.addAll(dialect.accept(raw.event(), raw.data(), raw.id(), raw.retry(), raw.hasData()));
        }

        private void acceptTranslated(Map.Entry<String, Map<String, Object>> event) {
            pending.addAll(dialect.accept(SseEvent.ofJson(Optional.of(event.getKey()), event.getValue())));
        }

        @Override
        public byte[] trailer(RequestBill bill, boolean cut) {
            return dialect.trailer(bill, cut);
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                reader.cancel();
                bulkhead.onComplete();
            }
        }
    }
}
