package io.routstr.gateway.application.fake;

import io.routstr.gateway.application.port.out.ExchangeRatePort;
import io.routstr.gateway.domain.pricing.BtcUsdRate;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/** {@link ExchangeRatePort} whose rate tests set, and whose refreshes take the next rate tests queued. */
public final class FixedExchangeRate implements ExchangeRatePort {

    private final Deque<BtcUsdRate> next = new ArrayDeque<>();
    private BtcUsdRate rate;

    /** No rate yet: prices cannot be converted. */
    public FixedExchangeRate() {}

    public FixedExchangeRate(BtcUsdRate rate) {
        this.rate = rate;
    }

    public static FixedExchangeRate of(String usdPerBtc) {
        return new FixedExchangeRate(BtcUsdRate.of(usdPerBtc));
    }

    @Override
    public synchronized Optional<BtcUsdRate> current() {
        return Optional.ofNullable(rate);
    }

    /** Takes the next queued rate, if any; a refresh with nothing queued keeps the rate, like an outage. */
    @Override
    public synchronized boolean refresh() {
        BtcUsdRate fetched = next.poll();
        if (fetched == null) {
            return false;
        }
        rate = fetched;
        return true;
    }

    /** The rate the next refresh obtains. */
    public synchronized FixedExchangeRate answerNext(BtcUsdRate fetched) {
        next.add(fetched);
        return this;
    }
}
