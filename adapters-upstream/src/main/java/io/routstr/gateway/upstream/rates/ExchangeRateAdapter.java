package io.routstr.gateway.upstream.rates;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.routstr.gateway.application.port.out.ExchangeRatePort;
import io.routstr.gateway.domain.pricing.BtcUsdRate;
import io.routstr.gateway.upstream.http.JsonGet;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * BTC/USD from several public sources (Routstr §4.2): all asked at once, the first two valid answers taken, their
 * minimum used (fewer dollars per bitcoin means more sats per dollar: conservative for the node). A refresh that gets
 * fewer than two answers keeps the last good rate; before any rate was obtained, {@link #current()} is empty. An
 * air-gapped node sets a static rate instead ({@link #fixed}), and no source is asked.
 */
public final class ExchangeRateAdapter implements ExchangeRatePort {

    private static final Logger log = LoggerFactory.getLogger(ExchangeRateAdapter.class);
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};

    private final List<PriceSource> sources;
    private final ObjectMapper mapper;
    private final Duration timeout;
    private final JsonGet http;
    private volatile BtcUsdRate rate;
    private volatile Instant obtainedAt;

    /** A rate the operator set ({@code BTC_USD_RATE}): never refreshed, no network needed. */
    public static ExchangeRateAdapter fixed(BtcUsdRate rate, ObjectMapper mapper) {
        ExchangeRateAdapter adapter = new ExchangeRateAdapter(List.of(), mapper, Duration.ofSeconds(1));
        adapter.rate = rate;
        return adapter;
    }

    public ExchangeRateAdapter(List<PriceSource> sources, ObjectMapper mapper, Duration timeout) {
        this.sources = List.copyOf(sources);
        this.mapper = mapper;
        this.timeout = timeout;
        this.http = new JsonGet(timeout, Level.DEBUG);
    }

    @Override
    public Optional<BtcUsdRate> current() {
        return Optional.ofNullable(rate);
    }

    /**
     * How old the current rate is, for the stale-price alert: zero for a rate the operator set (it never goes stale),
     * empty until a first rate was obtained.
     */
    public Optional<Duration> age(Instant now) {
        if (sources.isEmpty()) {
            return rate == null ? Optional.empty() : Optional.of(Duration.ZERO);
        }
        Instant at = obtainedAt;
        return at == null ? Optional.empty() : Optional.of(Duration.between(at, now));
    }

    /** Asks the sources again; returns whether the rate was updated. */
    @Override
    public boolean refresh() {
        if (sources.isEmpty()) {
            return false;
        }
        int needed = Math.min(2, sources.size());
        List<BigDecimal> prices = new ArrayList<>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            ExecutorCompletionService<Optional<BigDecimal>> answers = new ExecutorCompletionService<>(executor);
            List<Future<Optional<BigDecimal>>> futures = new ArrayList<>();
            for (PriceSource source : sources) {
                futures.add(answers.submit(() -> fetch(source)));
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            for (int i = 0; i < sources.size() && prices.size() < needed; i++) {
                Future<Optional<BigDecimal>> next =
                        answers.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (next == null) {
                    break;
                }
                next.get().ifPresent(prices::add);
            }
            futures.forEach(f -> f.cancel(true));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            log.warn("BTC/USD source failed: {}", e.getCause().toString());
        }
        if (prices.size() < needed || prices.isEmpty()) {
            log.warn("BTC/USD refresh got {} valid prices; keeping {}", prices.size(), rate);
            return false;
        }
        rate = new BtcUsdRate(prices.stream().min(BigDecimal::compareTo).orElseThrow());
        obtainedAt = Instant.now();
        return true;
    }

    private Optional<BigDecimal> fetch(PriceSource source) {
        return http.get(source.url(), Map.of(), "BTC/USD source " + source.name(), body -> mapper.readValue(body, MAP))
                .flatMap(source::read);
    }
}
