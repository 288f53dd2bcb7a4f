package io.routstr.gateway.domain.pricing;

import io.routstr.gateway.domain.money.Msats;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** How fractional msats amounts become whole ones: charges round up, the parts shown beside them round down. */
final class MsatsRounding {

    /** Thousandths of a msat: the precision Routstr rounds each cost bucket to before summing. */
    static final int BUCKET_SCALE = 3;

    private MsatsRounding() {}

    /** A bucket amount to the nearest thousandth of a msat, ties up (see {@link BtcUsdRate#msatsToThousandths}). */
    static BigDecimal toBucketScale(BigDecimal msats) {
        return msats.setScale(BUCKET_SCALE, RoundingMode.HALF_UP);
    }

    /** Whole msats, rounded up: what is charged. */
    static Msats up(BigDecimal msats) {
        return Msats.of(msats.setScale(0, RoundingMode.CEILING).longValueExact());
    }

    /** Whole msats, rounded down: a part reported beside a charge, so that the parts never exceed the whole. */
    static Msats down(BigDecimal msats) {
        return Msats.of(msats.setScale(0, RoundingMode.FLOOR).longValueExact());
    }
}
