package io.routstr.gateway.domain.pricing;

import java.math.BigDecimal;
import java.util.Objects;

/** The check every positive pricing number shares (a BTC/USD rate, a fee multiplier). */
final class Decimals {

    private Decimals() {}

    /**
     * {@code value} with its trailing zeros stripped, one representation per value so that 1.0 and 1.00 are equal;
     * refused unless positive.
     *
     * @param what the value's name for the exceptions, e.g. "a provider fee multiplier"
     */
    static BigDecimal positive(BigDecimal value, String what) {
        Objects.requireNonNull(value, what);
        if (value.signum() <= 0) {
            throw new IllegalArgumentException(what + " is positive: " + value);
        }
        return value.stripTrailingZeros();
    }
}
