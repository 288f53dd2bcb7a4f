package io.routstr.gateway.rest.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The cores' lag as an overload signal, on a clock and a lag the test moves by hand. */
class SustainedLagTest {

    private static final Duration BOUND = Duration.ofSeconds(1);
    private static final Duration WINDOW = Duration.ofSeconds(5);

    private Duration lag = Duration.ZERO;
    private long now = 0;
    private final SustainedLag signal = new SustainedLag(() -> lag, BOUND, WINDOW, () -> now);

    private void at(double seconds, double lagSeconds) {
        now = Math.round(seconds * 1e9);
        lag = Duration.ofNanos(Math.round(lagSeconds * 1e9));
    }

    @Test
    void aLagWithinTheBoundNeverSheds() {
        for (int s = 0; s <= 20; s++) {
            at(s, 1.0);

            assertThat(signal.saturated()).as("at %d s", s).isFalse();
        }
    }

    @Test
    void aBurstThatPutsTheCoresBehindForLessThanTheWindowPasses() {
        // 5,000 streams opened at once: the lag climbs to 4 s while they are parsed and reserved, then falls.
        double[] lagBySecond = {0.2, 1.5, 3.0, 4.0, 2.5, 0.8, 0.1};
        for (int s = 0; s < lagBySecond.length; s++) {
            at(s, lagBySecond[s]);

            assertThat(signal.saturated()).as("at %d s", s).isFalse();
        }
    }

    @Test
    void aLagThatStaysAboveTheBoundForTheWholeWindowSheds() {
        for (int s = 0; s < 5; s++) {
            at(s, 1.5 + s);

            assertThat(signal.saturated()).as("within the window, at %d s", s).isFalse();
        }
        at(5, 6.5);

        assertThat(signal.saturated()).isTrue();
    }

    @Test
    void onceSustained_everyLagAboveTheBoundShedsUntilAWholeWindowPassesWithout() {
        for (int s = 0; s <= 5; s++) {
            at(s, 2.0);
            signal.saturated();
        }
        at(6, 0.5); // shedding lets the cores catch up

        assertThat(signal.saturated()).isFalse();

        at(7, 1.2); // newcomers let in again put them behind at once: still the same overload

        assertThat(signal.saturated()).isTrue();

        at(8, 0.5);
        signal.saturated();
        at(13.5, 1.2); // a window after the last shedding: a new burst is let in again

        assertThat(signal.saturated()).isFalse();
    }

    @Test
    void aDipWithinTheBoundStartsTheWindowAgain() {
        at(0, 2.0);
        signal.saturated();
        at(4, 2.0);
        signal.saturated();
        at(4.5, 0.9);
        signal.saturated();
        at(5, 2.0);

        assertThat(signal.saturated()).isFalse();

        at(9.4, 2.0);

        assertThat(signal.saturated()).isFalse();

        at(10, 2.0);

        assertThat(signal.saturated()).isTrue();
    }

    @Test
    void aZeroWindowShedsOnOneSampleAboveTheBound_asTheSignalDidBefore() {
        SustainedLag oneSample = new SustainedLag(() -> lag, BOUND, Duration.ZERO, () -> now);
        at(0, 1.1);

        assertThat(oneSample.saturated()).isTrue();
    }

    @Test
    void theBoundIsPositiveAndTheWindowNotNegative() {
        assertThatThrownBy(() -> new SustainedLag(() -> lag, Duration.ZERO, WINDOW, () -> now))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SustainedLag(() -> lag, BOUND, Duration.ofMillis(-1), () -> now))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
