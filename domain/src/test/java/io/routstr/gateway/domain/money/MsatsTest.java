package io.routstr.gateway.domain.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class MsatsTest {

    @Test
    void negativeAmountsDoNotExist() {
        assertThatThrownBy(() -> Msats.of(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void subtractingMoreThanTheAmountIsRefused() {
        assertThatThrownBy(() -> Msats.of(5).minus(Msats.of(6))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void overflowIsAnErrorNotAWrapAround() {
        assertThatThrownBy(() -> Msats.of(Long.MAX_VALUE).plus(Msats.of(1))).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> Msats.ofSats(Long.MAX_VALUE)).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void satConversionsRoundInTheStatedDirection() {
        assertThat(Msats.of(1_999).toSatsFloor()).isEqualTo(1);
        assertThat(Msats.of(1_001).toSatsCeil()).isEqualTo(2);
        assertThat(Msats.of(2_000).toSatsCeil()).isEqualTo(2);
        assertThat(Msats.of(1_999).subSatRemainder()).isEqualTo(Msats.of(999));
        assertThat(Msats.ofSats(21)).isEqualTo(Msats.of(21_000));
    }

    @Test
    void minusOrZeroStopsAtZero() {
        assertThat(Msats.of(3).minusOrZero(Msats.of(10))).isEqualTo(Msats.ZERO);
        assertThat(Msats.of(10).minusOrZero(Msats.of(3))).isEqualTo(Msats.of(7));
    }

    @Property
    void addingThenSubtractingReturnsTheOriginal(
            @ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 2) long a,
            @ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 2) long b) {
        assertThat(Msats.of(a).plus(Msats.of(b)).minus(Msats.of(b))).isEqualTo(Msats.of(a));
    }

    @Property
    void floorPlusRemainderIsTheWhole(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 2) long a) {
        Msats amount = Msats.of(a);
        assertThat(Msats.ofSats(amount.toSatsFloor()).plus(amount.subSatRemainder()))
                .isEqualTo(amount);
        assertThat(amount.toSatsCeil() - amount.toSatsFloor()).isBetween(0L, 1L);
    }
}
