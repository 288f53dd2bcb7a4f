package io.routstr.gateway.application.service.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.routstr.gateway.domain.ecash.KeysetId;
import io.routstr.gateway.domain.ecash.Proof;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class AmountsTest {

    private static final List<Long> POWERS =
            LongStream.range(0, 20).map(i -> 1L << i).boxed().toList();
    private static final KeysetId FEE_KEYSET = KeysetId.of("00ffd48b8f5ecf80");
    private static final KeysetId FREE_KEYSET = KeysetId.of("00ad268c4d1f5826");

    @Test
    void anAmountSplitsIntoAscendingPowersOfTwo() {
        assertThat(Amounts.split(13, POWERS)).containsExactly(1L, 4L, 8L);
        assertThat(Amounts.split(0, POWERS)).isEmpty();
    }

    @Test
    void anAmountTheDenominationsCannotMake_isRefused() {
        assertThatThrownBy(() -> Amounts.split(3, List.of(2L, 4L))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aChangeReadySplitHoldsEachPowerOfTwoOnceThenTheRest() {
        assertThat(Amounts.changeReady(10, POWERS)).containsExactly(1L, 1L, 2L, 2L, 4L);
        assertThat(Amounts.changeReady(30, POWERS)).containsExactly(1L, 1L, 2L, 2L, 4L, 4L, 8L, 8L);
        assertThat(Amounts.changeReady(7, POWERS)).containsExactly(1L, 2L, 4L);
        assertThat(Amounts.changeReady(0, POWERS)).isEmpty();
    }

    @Test
    void everyAmountUpToAChangeReadySplit_isPaidExactlyByTheLargestFirstPassOverItsParts() {
        for (long total = 1; total <= 1_100; total++) {
            List<Long> descending = Amounts.changeReady(total, POWERS).reversed();
            assertThat(descending.stream().mapToLong(Long::longValue).sum()).isEqualTo(total);
            for (long change = 0; change <= total; change++) {
                long rest = change;
                for (long part : descending) {
                    if (part <= rest) {
                        rest -= part;
                    }
                }
                assertThat(rest).as("change %d from %d", change, total).isZero();
            }
        }
    }

    @Test
    void theInputFeeIsTheCeilingOfTheSummedPpk() {
        Map<KeysetId, Long> fees = Map.of(FEE_KEYSET, 100L);
        List<Proof> three = List.of(proof(FEE_KEYSET), proof(FEE_KEYSET), proof(FEE_KEYSET));

        assertThat(Amounts.inputFee(three, fees)).isEqualTo(1);
        assertThat(Amounts.inputFee(List.of(proof(FREE_KEYSET)), fees)).isZero();
        assertThat(Amounts.inputFee(
                        LongStream.range(0, 11).mapToObj(i -> proof(FEE_KEYSET)).toList(), fees))
                .isEqualTo(2);
    }

    @Test
    void blankOutputsCoverEveryBitOfTheOverpayment() {
        assertThat(Amounts.blankOutputs(0)).isZero();
        assertThat(Amounts.blankOutputs(1)).isEqualTo(1);
        assertThat(Amounts.blankOutputs(7)).isEqualTo(3);
        assertThat(Amounts.blankOutputs(1000)).isEqualTo(10);
    }

    private static Proof proof(KeysetId keyset) {
        return Proof.of(1, keyset, "secret", "02" + "1".repeat(64));
    }
}
