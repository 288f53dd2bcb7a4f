package io.routstr.gateway.domain.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.routstr.gateway.domain.money.Msats;
import java.math.BigDecimal;
import java.math.RoundingMode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class BtcUsdRateTest {

    private static final BtcUsdRate HUNDRED_THOUSAND = BtcUsdRate.of("100000");

    @Test
    void givenOneHundredThousandUsdPerBtc_oneMicrodollarIsOneMsat() {
        assertThat(HUNDRED_THOUSAND.msatsFor(new BigDecimal("0.000001"))).isEqualTo(Msats.of(1));
        assertThat(HUNDRED_THOUSAND.msatsFor(BigDecimal.ONE)).isEqualTo(Msats.of(1_000_000));
    }

    @Test
    void givenAFractionOfAMsat_roundsUpToTheNextWholeMsat() {
        assertThat(HUNDRED_THOUSAND.msatsFor(new BigDecimal("0.0000010001"))).isEqualTo(Msats.of(2));
        assertThat(HUNDRED_THOUSAND.msatsFor(new BigDecimal("0.0000000000001"))).isEqualTo(Msats.of(1));
    }

    @Test
    void givenARateThatDoesNotDivideEvenly_stillRoundsUp() {
        BtcUsdRate rate = BtcUsdRate.of("30000");
        // 1 USD = 10^11 / 30000 = 3 333 333.33… msats
        assertThat(rate.msatsFor(BigDecimal.ONE)).isEqualTo(Msats.of(3_333_334));
    }

    @Test
    void givenZeroUsd_isZeroMsats() {
        assertThat(HUNDRED_THOUSAND.msatsFor(BigDecimal.ZERO)).isEqualTo(Msats.ZERO);
    }

    @Test
    void bucketPrecisionIsTheNearestThousandthOfAMsatWithTiesUp() {
        assertThat(HUNDRED_THOUSAND.msatsToThousandths(new BigDecimal("0.0000000004")))
                .isEqualByComparingTo("0.000");
        assertThat(HUNDRED_THOUSAND.msatsToThousandths(new BigDecimal("0.0000000005")))
                .isEqualByComparingTo("0.001");
        assertThat(HUNDRED_THOUSAND.msatsToThousandths(new BigDecimal("0.0000000015")))
                .isEqualByComparingTo("0.002");
        assertThat(HUNDRED_THOUSAND.msatsToThousandths(new BigDecimal("0.0000000025")))
                .isEqualByComparingTo("0.003");
    }

    @Test
    void usdForMsatsIsExact() {
        assertThat(BtcUsdRate.of("50000").usdFor(Msats.of(20_120))).isEqualByComparingTo("0.01006");
        assertThat(HUNDRED_THOUSAND.usdFor(Msats.ZERO)).isEqualByComparingTo("0");
    }

    @Test
    void aRateIsPositive() {
        assertThatThrownBy(() -> BtcUsdRate.of("0")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BtcUsdRate.of("-1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void negativeUsdIsRefused() {
        assertThatThrownBy(() -> HUNDRED_THOUSAND.msatsFor(new BigDecimal("-0.01")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void equalRatesAreEqualWhateverTheirScale() {
        assertThat(BtcUsdRate.of("100000.00")).isEqualTo(HUNDRED_THOUSAND);
    }

    @Property
    void usdToMsatsAlwaysRoundsUpByLessThanOneMsat(
            @ForAll("usdAmounts") BigDecimal usd, @ForAll("rates") BtcUsdRate rate) {
        BigDecimal exact = usd.multiply(BtcUsdRate.MSATS_PER_BTC).divide(rate.usdPerBtc(), 30, RoundingMode.HALF_EVEN);
        BigDecimal charged = BigDecimal.valueOf(rate.msatsFor(usd).value());

        assertThat(charged).isGreaterThanOrEqualTo(exact.setScale(20, RoundingMode.FLOOR));
        assertThat(charged.subtract(exact)).isLessThan(BigDecimal.ONE);
    }

    @Property
    void convertingBackNeverGivesLessUsdThanWasPriced(
            @ForAll("usdAmounts") BigDecimal usd, @ForAll("rates") BtcUsdRate rate) {
        assertThat(rate.usdFor(rate.msatsFor(usd))).isGreaterThanOrEqualTo(usd);
    }

    @Property
    void wholeMsatsAreNeverBelowTheBucketPrecisionAmount(
            @ForAll("usdAmounts") BigDecimal usd, @ForAll("rates") BtcUsdRate rate) {
        assertThat(BigDecimal.valueOf(rate.msatsFor(usd).value()))
                .isGreaterThanOrEqualTo(rate.msatsToThousandths(usd).setScale(0, RoundingMode.FLOOR));
    }

    @Provide
    Arbitrary<BigDecimal> usdAmounts() {
        return Arbitraries.bigDecimals()
                .between(BigDecimal.ZERO, new BigDecimal("100000"))
                .ofScale(15);
    }

    @Provide
    Arbitrary<BtcUsdRate> rates() {
        return Arbitraries.bigDecimals()
                .between(new BigDecimal("1000"), new BigDecimal("10000000"))
                .ofScale(4)
                .map(BtcUsdRate::new);
    }
}
