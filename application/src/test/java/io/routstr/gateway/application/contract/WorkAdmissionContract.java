package io.routstr.gateway.application.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.port.out.WorkAdmissionPort;
import io.routstr.gateway.application.port.out.WorkAdmissionPort.WorkTurn;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link WorkAdmissionPort}, for the in-memory fake and the node's bound: as many turns as the bound,
 * then refusals until one is given back; a turn is given back once, however often its request leaves.
 */
public abstract class WorkAdmissionContract {

    /** A port of {@code turns} turns that refuses without waiting when all are taken. */
    protected abstract WorkAdmissionPort withTurns(int turns);

    @Test
    void turnsAreGivenUpToTheBound_andTheNextRequestIsRefused() {
        WorkAdmissionPort work = withTurns(2);

        Optional<WorkTurn> first = work.enter();
        Optional<WorkTurn> second = work.enter();
        Optional<WorkTurn> third = work.enter();

        assertThat(first).isPresent();
        assertThat(second).isPresent();
        assertThat(third).isEmpty();
    }

    @Test
    void aTurnGivenBack_isGivenToTheNextRequest() {
        WorkAdmissionPort work = withTurns(1);
        WorkTurn turn = work.enter().orElseThrow();
        assertThat(work.enter()).isEmpty();

        turn.leave();

        assertThat(work.enter()).isPresent();
    }

    @Test
    void leavingTwice_givesBackOneTurn() {
        WorkAdmissionPort work = withTurns(2);
        WorkTurn turn = work.enter().orElseThrow();

        turn.leave();
        turn.leave();

        assertThat(work.enter()).isPresent();
        assertThat(work.enter()).isPresent();
        assertThat(work.enter()).isEmpty();
    }
}
