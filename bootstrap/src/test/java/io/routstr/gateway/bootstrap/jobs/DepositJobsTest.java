package io.routstr.gateway.bootstrap.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.dao.DataAccessResourceFailureException;

@ExtendWith(OutputCaptureExtension.class)
class DepositJobsTest {

    @Test
    void theLightningWatcherWithTheDatabaseAway_logsOneWarningLine_andRunsAgainAtItsNextInterval(
            CapturedOutput output) {
        DepositJobs jobs = new DepositJobs(() -> 0, () -> {
            throw new DataAccessResourceFailureException("database away");
        });

        jobs.watchLightningInvoices();

        assertThat(output)
                .contains("Lightning invoice watch failed; it runs again at the next interval:")
                .doesNotContain("\tat ");
    }
}
