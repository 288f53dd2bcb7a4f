package io.routstr.gateway.application.service.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.routstr.gateway.domain.ecash.KeysetId;
import io.routstr.gateway.domain.ecash.Proof;
import java.util.ArrayList;
import java.util.Collections;
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
    void aSplitForChange_paysEveryAmountUpToItsValueExactly_inAtMostTwoPartsPerBitOfIt() {
        assertThat(Amounts.splitForChange(10, POWERS)).containsExactly(1L, 1L, 2L, 2L, 4L);
        assertThat(Amounts.splitForChange(1, POWERS)).containsExactly(1L);
        assertThat(Amounts.splitForChange(0, POWERS)).isEmpty();
        for (long amount = 1; amount <= 300; amount++) {
            List<Long> parts = Amounts.splitForChange(amount, POWERS);
            assertThat(parts.stream().mapToLong(Long::longValue).sum()).isEqualTo(amount);
            assertThat(parts).isSorted();
            assertThat(parts.size()).isLessThanOrEqualTo(2 * (64 - Long.numberOfLeadingZeros(amount)));
            for (long change = 0; change <= amount; change++) {
                assertThat(greedilyPays(parts, change))
                        .as("%d of %s", change, parts)
                        .isTrue();
            }
        }
    }

    @Test
    void aSplitForChange_addsOnlyTheSmallDenominationsTheWalletLacks() {
        // Held proofs that pay every amount up to 11 already: the plain split.
        assertThat(Amounts.splitForChange(10, POWERS, Map.of(1L, 1, 2L, 5))).containsExactly(2L, 8L);
        // Twos but no one: a one is added, and with it the twos pay every odd amount too.
        assertThat(Amounts.splitForChange(10, POWERS, Map.of(2L, 3))).containsExactly(1L, 1L, 8L);
        assertThat(Amounts.reach(Map.of(2L, 3))).isZero();
        assertThat(Amounts.reach(Map.of(1L, 1, 2L, 3, 16L, 1))).isEqualTo(7);
        for (long amount = 1; amount <= 100; amount++) {
            for (Map<Long, Integer> held :
                    List.of(Map.<Long, Integer>of(), Map.of(1L, 1), Map.of(2L, 4), Map.of(4L, 1))) {
                List<Long> parts = Amounts.splitForChange(amount, POWERS, held);
                assertThat(parts.stream().mapToLong(Long::longValue).sum()).isEqualTo(amount);
                List<Long> together = new ArrayList<>(parts);
                held.forEach((denomination, count) -> together.addAll(Collections.nCopies(count, denomination)));
                Collections.sort(together);
                for (long change = 0; change <= amount; change++) {
                    assertThat(greedilyPays(together, change))
                            .as("%d of %s", change, together)
                            .isTrue();
                }
            }
        }
    }

    @Test
    void aSplitForChange_ofAKeysetWithoutA1_isThePlainSplit() {
        assertThat(Amounts.splitForChange(12, List.of(2L, 4L, 8L))).containsExactly(4L, 8L);
    }

    /** What the wallet's send does first: the largest proofs that still fit, to see whether they add up exactly. */
    private static boolean greedilyPays(List<Long> ascending, long amount) {
        long rest = amount;
        for (Long part : ascending.reversed()) {
            if (part <= rest) {
                rest -= part;
            }
        }
        return rest == 0;
    }

    @Test
    void anAmountTheDenominationsCannotMake_isRefused() {
        assertThatThrownBy(() -> Amounts.split(3, List.of(2L, 4L))).isInstanceOf(IllegalArgumentException.class);
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
