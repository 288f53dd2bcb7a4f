package io.routstr.gateway.upstream.rates;

import java.math.BigDecimal;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A public BTC/USD price endpoint and where its answer keeps the price (Routstr §4.2): Kraken's
 * {@code result.XXBTZUSD.c[0]}, Coinbase's {@code data.amount}, Binance's {@code price}.
 */
public record PriceSource(String name, URI url, Shape shape) {

    public PriceSource {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(shape, "shape");
    }

    /** The response shapes understood. */
    public enum Shape {
        KRAKEN,
        COINBASE,
        BINANCE
    }

    public static List<PriceSource> defaults() {
        return List.of(
                new PriceSource(
                        "kraken", URI.create("https://api.kraken.com/0/public/Ticker?pair=XBTUSD"), Shape.KRAKEN),
                new PriceSource(
                        "coinbase", URI.create("https://api.coinbase.com/v2/prices/BTC-USD/spot"), Shape.COINBASE),
                new PriceSource(
                        "binance",
                        URI.create("https://api.binance.com/api/v3/ticker/price?symbol=BTCUSDT"),
                        Shape.BINANCE));
    }

    /** The price in {@code body}, when it is there and positive. */
    Optional<BigDecimal> read(Map<String, Object> body) {
        Object value = switch (shape) {
            case KRAKEN -> {
                if (body.get("result") instanceof Map<?, ?> result) {
                    Object pair = result.get("XXBTZUSD");
                    if (pair == null && !result.isEmpty()) {
                        pair = result.values().iterator().next();
                    }
                    if (pair instanceof Map<?, ?> ticker
                            && ticker.get("c") instanceof List<?> close
                            && !close.isEmpty()) {
                        yield close.getFirst();
                    }
                }
                yield null;
            }
            case COINBASE -> body.get("data") instanceof Map<?, ?> data ? data.get("amount") : null;
            case BINANCE -> body.get("price");
        };
        try {
            BigDecimal price =
                    value == null ? null : new BigDecimal(value.toString().strip());
            return price != null && price.signum() > 0 ? Optional.of(price) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
