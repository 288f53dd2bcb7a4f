package io.routstr.gateway.application.fake;

import io.routstr.gateway.application.port.out.RequestLimitPort;
import io.routstr.gateway.domain.key.ApiKeyId;
import io.routstr.gateway.domain.key.RateLimits;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** {@link RequestLimitPort} in memory: per-key minute windows and in-flight tickets, one lock for all keys. */
public final class InMemoryRequestLimits implements RequestLimitPort {

    private final Map<ApiKeyId, RateLimits> own = new HashMap<>();
    private final Map<ApiKeyId, Map<Instant, long[]>> windows = new HashMap<>();
    private final Map<String, InFlight> inFlight = new HashMap<>();

    private record InFlight(ApiKeyId key, Instant startedAt) {}

    @Override
    public synchronized Admission admit(ApiKeyId key, RateLimits defaults, Instant now, Duration staleAfter) {
        RateLimits limits = own.getOrDefault(key, defaults);
        Instant window = now.truncatedTo(ChronoUnit.MINUTES);
        if (limits.isUnlimited()) {
            return new Admission.Admitted(key, "", window);
        }
        Duration untilNextMinute = Duration.between(now, window.plus(1, ChronoUnit.MINUTES));
        Instant staleBefore = now.minus(staleAfter);
        if (limits.maxConcurrent().isPresent()) {
            long running = inFlight.values().stream()
                    .filter(f -> f.key().equals(key) && f.startedAt().isAfter(staleBefore))
                    .count();
            int max = limits.maxConcurrent().getAsInt();
            if (running >= max) {
                return new Admission.Limited(LimitKind.CONCURRENT_REQUESTS, max, Duration.ofSeconds(1));
            }
        }
        long[] counts = windows.computeIfAbsent(key, k -> new HashMap<>()).getOrDefault(window, new long[2]);
        if (limits.requestsPerMinute().isPresent()
                && counts[0] >= limits.requestsPerMinute().getAsInt()) {
            return new Admission.Limited(
                    LimitKind.REQUESTS_PER_MINUTE, limits.requestsPerMinute().getAsInt(), untilNextMinute);
        }
        if (limits.tokensPerMinute().isPresent()
                && counts[1] >= limits.tokensPerMinute().getAsLong()) {
            return new Admission.Limited(
                    LimitKind.TOKENS_PER_MINUTE, limits.tokensPerMinute().getAsLong(), untilNextMinute);
        }
        windows.get(key).put(window, new long[] {counts[0] + 1, counts[1]});
        String ticket = UUID.randomUUID().toString();
        if (limits.maxConcurrent().isPresent()) {
            inFlight.put(ticket, new InFlight(key, now));
        }
        return new Admission.Admitted(key, ticket, window);
    }

    @Override
    public synchronized void finish(Admission.Admitted admitted, long tokens) {
        if (admitted.ticket().isEmpty()) {
            return;
        }
        inFlight.remove(admitted.ticket());
        long[] counts = windows.getOrDefault(admitted.key(), Map.of()).get(admitted.window());
        if (counts != null && tokens > 0) {
            counts[1] += tokens;
        }
    }

    @Override
    public synchronized void setLimits(ApiKeyId key, RateLimits limits) {
        own.put(key, limits);
    }
}
