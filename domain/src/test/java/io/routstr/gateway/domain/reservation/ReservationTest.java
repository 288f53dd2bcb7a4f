package io.routstr.gateway.domain.reservation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.routstr.gateway.domain.key.ApiKeyId;
import io.routstr.gateway.domain.money.Msats;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class ReservationTest {

    private final Instant now = Instant.parse("2026-03-10T12:00:00Z");

    @Test
    void aReservationHoldsAPositiveAmount() {
        assertThatThrownBy(() -> Reservation.open(ApiKeyId.random(), ApiKeyId.random(), Msats.ZERO, now))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onlyAnActiveReservationMovesAndOnlyToATerminalState() {
        assertThat(ReservationState.ACTIVE.canMoveTo(ReservationState.CHARGED)).isTrue();
        assertThat(ReservationState.ACTIVE.canMoveTo(ReservationState.RELEASED)).isTrue();
        assertThat(ReservationState.ACTIVE.canMoveTo(ReservationState.ACTIVE)).isFalse();
        assertThat(ReservationState.CHARGED.canMoveTo(ReservationState.RELEASED))
                .isFalse();
        assertThat(ReservationState.RELEASED.canMoveTo(ReservationState.CHARGED))
                .isFalse();
    }

    @Test
    void aHoldOfAnInstanceThatStillBeatsIsNeverSilent_howeverOld() {
        Reservation reservation =
                Reservation.open(ApiKeyId.random(), ApiKeyId.random(), Msats.of(1), InstanceId.random(), now);
        Instant later = now.plus(Duration.ofHours(1));
        Instant silentSince = later.minusSeconds(300);

        assertThat(reservation.isSilent(silentSince, later, Optional.of(later.plusSeconds(1))))
                .isFalse();
        assertThat(reservation.isSilent(silentSince, later, Optional.of(later))).isFalse();
    }

    @Test
    void aHoldOfAnInstanceNoLongerKnownAliveOrUnknownIsSilentOnceOlderThanTheCutoff() {
        Reservation reservation =
                Reservation.open(ApiKeyId.random(), ApiKeyId.random(), Msats.of(1), InstanceId.random(), now);
        Instant later = now.plusSeconds(301);

        assertThat(reservation.isSilent(now.plusSeconds(1), later, Optional.of(later.minusSeconds(1))))
                .isTrue();
        assertThat(reservation.isSilent(now.plusSeconds(1), later, Optional.empty()))
                .isTrue();
        // A request taken before its instance's first beat was stored is not yet silent.
        assertThat(reservation.isSilent(now, later, Optional.empty())).isFalse();
    }

    @Test
    void aHoldNoInstanceOwnsIsSilentOnceOlderThanTheCutoff() {
        Reservation reservation = Reservation.open(ApiKeyId.random(), ApiKeyId.random(), Msats.of(1), now);

        assertThat(reservation.isSilent(now, now, Optional.empty())).isFalse();
        assertThat(reservation.isSilent(now.plusSeconds(1), now.plusSeconds(1), Optional.empty()))
                .isTrue();
    }

    @Test
    void aHoldIsOverAgeOnceItsRequestStartedBeforeTheCutoff_andOnlyWhileActive() {
        Reservation reservation =
                Reservation.open(ApiKeyId.random(), ApiKeyId.random(), Msats.of(1), InstanceId.random(), now);

        assertThat(reservation.isOverAge(now)).isFalse();
        assertThat(reservation.isOverAge(now.plusSeconds(1))).isTrue();
        assertThat(reservation.withState(ReservationState.CHARGED).isOverAge(now.plusSeconds(1)))
                .isFalse();
    }

    @Test
    void givenEnoughBalance_settlementChargesTheFullCost() {
        assertThat(Reservation.settle(Msats.of(700), Msats.of(1_000)))
                .isEqualTo(new Reservation.Settlement(Msats.of(700), Msats.ZERO));
    }

    @Test
    void givenTooLittleBalance_settlementChargesItAllAndRecordsTheShortfall() {
        assertThat(Reservation.settle(Msats.of(1_500), Msats.of(1_000)))
                .isEqualTo(new Reservation.Settlement(Msats.of(1_000), Msats.of(500)));
    }

    @Property
    void chargedPlusShortfallIsTheCostAndNeverExceedsTheBalance(
            @ForAll @LongRange(min = 0, max = 1_000_000_000_000L) long cost,
            @ForAll @LongRange(min = 0, max = 1_000_000_000_000L) long balance) {
        Reservation.Settlement settlement = Reservation.settle(Msats.of(cost), Msats.of(balance));

        assertThat(settlement.charged().plus(settlement.shortfall())).isEqualTo(Msats.of(cost));
        assertThat(settlement.charged().value()).isLessThanOrEqualTo(balance);
    }
}
