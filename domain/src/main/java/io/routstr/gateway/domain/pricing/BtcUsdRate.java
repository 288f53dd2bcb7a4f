package io.routstr.gateway.domain.pricing;

import io.routstr.gateway.domain.money.Msats;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * The price of one bitcoin in US dollars: the one place where USD amounts become msats.
 *
 * <p>Every USD-to-msats conversion rounds <em>up</em> to whole msats (the node never bills less than the price), and
 * the only finer precision handed out is the thousandth of a msat kept per cost bucket before a sum is rounded up
 * (see {@link #msatsToThousandths(BigDecimal)}).
 */
public record BtcUsdRate(BigDecimal usdPerBtc) {

    /** 1 BTC = 10^8 sats = 10^11 msats. */
    static final BigDecimal MSATS_PER_BTC = BigDecimal.TEN.pow(11);

    public BtcUsdRate {
        usdPerBtc = Decimals.positive(usdPerBtc, "a BTC/USD rate");
    }

    public static BtcUsdRate of(String usdPerBtc) {
        return new BtcUsdRate(new BigDecimal(usdPerBtc));
    }

    /** {@code usd} in whole msats, rounded up. */
    public Msats msatsFor(BigDecimal usd) {
        requireNonNegative(usd);
        return Msats.of(usd.multiply(MSATS_PER_BTC)
                .divide(usdPerBtc, 0, RoundingMode.CEILING)
                .longValueExact());
    }

    /**
     * {@code usd} in msats to the nearest thousandth, ties up: the per-bucket amount of the token path, which is summed
     * and then rounded up. Routstr applies Python's {@code round(x, 3)} to a float, whose ties fall either way with
     * the binary representation; here they fall towards the node.
     */
    public BigDecimal msatsToThousandths(BigDecimal usd) {
        requireNonNegative(usd);
        return usd.multiply(MSATS_PER_BTC).divide(usdPerBtc, MsatsRounding.BUCKET_SCALE, RoundingMode.HALF_UP);
    }

    /** What {@code amount} is worth in USD at this rate; exact, because the divisor is a power of ten. */
    public BigDecimal usdFor(Msats amount) {
        return BigDecimal.valueOf(amount.value())
                .multiply(usdPerBtc)
                .movePointLeft(11)
                .stripTrailingZeros();
    }

    private static void requireNonNegative(BigDecimal amount) {
        Objects.requireNonNull(amount, "amount");
        if (amount.signum() < 0) {
            throw new IllegalArgumentException("amount cannot be negative: " + amount);
        }
    }
}
