package io.routstr.gateway.persistence.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

/** What the group-commit tests wait for: statements queued behind a writer they hold. */
final class GroupCommitQueue {

    private GroupCommitQueue() {}

    /** Waits (polling, at most 10 s) until {@code writer} has {@code statements} queued. */
    static void awaitQueued(GroupCommit writer, int statements) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (writer.queued() < statements) {
            assertThat(System.nanoTime()).as("%d statements queued", statements).isLessThan(deadline);
            Thread.sleep(1);
        }
    }
}
