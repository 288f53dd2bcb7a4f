package io.routstr.gateway.bootstrap.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class JobRunTest {

    private static final Logger log = LoggerFactory.getLogger(JobRunTest.class);

    @Test
    void aFailedRunIsOneWarningLineAndTheScheduleGoesOn(CapturedOutput output) {
        JobRun.guarded(log, "wallet recovery", () -> {
            throw new IllegalStateException("mint away");
        });

        assertThat(output)
                .contains("wallet recovery failed; it runs again at the next interval:"
                        + " java.lang.IllegalStateException: mint away")
                .doesNotContain("\tat ");
    }

    @Test
    void aCountingRunSpeaksOnlyWhenItHandledSomething(CapturedOutput output) {
        JobRun.counting(log, "deposit reconciliation", () -> 0, Level.INFO, "Credited {} deposits");
        assertThat(output).doesNotContain("Credited");

        JobRun.counting(log, "deposit reconciliation", () -> 3, Level.WARN, "Credited {} deposits");
        assertThat(output).contains("Credited 3 deposits");
    }
}
