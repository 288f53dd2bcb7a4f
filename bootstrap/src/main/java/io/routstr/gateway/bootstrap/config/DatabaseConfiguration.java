package io.routstr.gateway.bootstrap.config;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.routstr.gateway.persistence.accounts.GroupCommit;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** How the paid path writes to the database: its single statements grouped into shared commits, or each alone. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DatabaseConfiguration.DatabaseProperties.class)
class DatabaseConfiguration {

    /**
     * Whether concurrent holds, settlements and releases share transactions ({@code DATABASE_GROUP_COMMIT}), over how
     * many writers, by billing key ({@code DATABASE_GROUP_COMMIT_WRITERS}), and whether a request's hold waits for the
     * disk itself ({@code DATABASE_HOLD_WAITS_FOR_DISK}; by default the settlement's commit, or a stream's flush before
     * its first byte, puts it there).
     */
    @ConfigurationProperties("routstr.database")
    record DatabaseProperties(
            @DefaultValue("true") boolean groupCommit,
            @DefaultValue("1") int groupCommitWriters,
            @DefaultValue("false") boolean holdWaitsForDisk) {}

    /**
     * Each run of a writer is timed as a histogram: the paid answers wait for these runs' commits, so their p99 against
     * the node's says whether a slow tail is the database's disk (a commit waiting for its WAL flush) or the node.
     */
    @Bean
    GroupCommit groupCommit(DataSource dataSource, DatabaseProperties properties, MeterRegistry registry) {
        Timer runs = Timer.builder("routstr.database.group_commit.run")
                .description("One run of the paid path's writer (a batch, or a statement alone), its commit included")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
        return new GroupCommit(
                dataSource,
                properties.groupCommit(),
                properties.groupCommitWriters(),
                !properties.holdWaitsForDisk(),
                nanos -> runs.record(nanos, TimeUnit.NANOSECONDS));
    }

    /** The writer's queue and how many statements share a commit (statements ÷ commits), for the dashboard. */
    @Bean
    Gauge groupCommitQueueGauge(GroupCommit groupCommit, MeterRegistry registry) {
        FunctionCounter.builder("routstr.database.group_commit.commits", groupCommit, GroupCommit::commits)
                .description("Transactions the paid path's writer committed: one per batch, one per statement alone")
                .register(registry);
        FunctionCounter.builder("routstr.database.group_commit.statements", groupCommit, GroupCommit::statements)
                .description("Statements of the paid path committed by the writer, in batches or alone")
                .register(registry);
        FunctionCounter.builder("routstr.database.group_commit.failed_batches", groupCommit, GroupCommit::failedBatches)
                .description("Batches rolled back (deadlock, error) whose statements were then run alone")
                .register(registry);
        FunctionCounter.builder("routstr.database.group_commit.busy", groupCommit, GroupCommit::busySeconds)
                .description("Time the paid path's writers spent running statements (near the elapsed time: saturated)")
                .baseUnit("seconds")
                .register(registry);
        return Gauge.builder("routstr.database.group_commit.queued", groupCommit, GroupCommit::queued)
                .description("Statements waiting for the paid path's writer")
                .register(registry);
    }
}
