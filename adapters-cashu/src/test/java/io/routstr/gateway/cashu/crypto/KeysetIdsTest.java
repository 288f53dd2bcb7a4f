package io.routstr.gateway.cashu.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.domain.ecash.KeysetId;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** NUT-02 keyset id vectors (tests/02-tests.md). */
class KeysetIdsTest {

    @Test
    void derivesTheV1IdOfTheSmallVectorKeyset() {
        assertThat(KeysetIds.v1(VectorFiles.keys("nut02-v1-keyset-00456a94ab4e1c46.json")))
                .isEqualTo(KeysetId.of("00456a94ab4e1c46"));
    }

    @Test
    void derivesTheV1IdOfTheKeysetReachingTwoToTheSixtyThird() {
        assertThat(KeysetIds.v1(VectorFiles.keys("nut02-v1-keyset-000f01df73ea149a.json")))
                .isEqualTo(KeysetId.of("000f01df73ea149a"));
    }

    @Test
    void derivesTheV2IdWithFeeAndFinalExpiry() {
        KeysetId id = KeysetIds.v2(
                VectorFiles.keys("nut02-v2-keys-vector1.json"), CurrencyUnit.SAT, 100, OptionalLong.of(2059210353));

        assertThat(id).isEqualTo(KeysetId.of("015ba18a8adcd02e715a58358eb618da4a4b3791151a4bee5e968bb88406ccf76a"));
    }

    @Test
    void derivesTheV2IdWithZeroFeeAndFinalExpiry() {
        KeysetId id = KeysetIds.v2(
                VectorFiles.keys("nut02-v2-keys-vectors2and3.json"), CurrencyUnit.SAT, 0, OptionalLong.of(2059210353));

        assertThat(id).isEqualTo(KeysetId.of("01ab6aa4ff30390da34986d84be5274b48ad7a74265d791095bfc39f4098d9764f"));
    }

    @Test
    void derivesTheV2IdWithZeroFeeAndNoFinalExpiry() {
        KeysetId id = KeysetIds.v2(
                VectorFiles.keys("nut02-v2-keys-vectors2and3.json"), CurrencyUnit.SAT, 0, OptionalLong.empty());

        assertThat(id).isEqualTo(KeysetId.of("012fbb01a4e200c76df911eeba3b8fe1831202914b24664f4bccbd25852a6708f8"));
    }

    @Test
    void sortsAmountsNumericallyNotAsText() {
        Map<BigInteger, CurvePoint> shuffled = new HashMap<>(VectorFiles.keys("nut02-v1-keyset-000f01df73ea149a.json"));

        assertThat(KeysetIds.v1(shuffled)).isEqualTo(KeysetId.of("000f01df73ea149a"));
    }

    @Test
    void matchesAClaimedIdByItsVersionAndRefusesAWrongFee() {
        var keys = VectorFiles.keys("nut02-v2-keys-vector1.json");
        KeysetId claimed = KeysetId.of("015ba18a8adcd02e715a58358eb618da4a4b3791151a4bee5e968bb88406ccf76a");

        assertThat(KeysetIds.matches(claimed, keys, CurrencyUnit.SAT, 100, OptionalLong.of(2059210353)))
                .isTrue();
        assertThat(KeysetIds.matches(claimed, keys, CurrencyUnit.SAT, 0, OptionalLong.of(2059210353)))
                .isFalse();
        assertThat(KeysetIds.matches(claimed.shortForm(), keys, CurrencyUnit.SAT, 100, OptionalLong.of(2059210353)))
                .isFalse();
        assertThat(KeysetIds.matches(
                        KeysetId.of("00456a94ab4e1c46"),
                        VectorFiles.keys("nut02-v1-keyset-00456a94ab4e1c46.json"),
                        CurrencyUnit.SAT,
                        0,
                        OptionalLong.empty()))
                .isTrue();
    }
}
