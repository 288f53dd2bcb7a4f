package io.routstr.gateway.persistence.payment;

import static io.routstr.gateway.domain.key.ApiKeyBuilder.anApiKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.contract.TokenRedemptionLogContract;
import io.routstr.gateway.application.port.out.ApiKeyPort;
import io.routstr.gateway.application.port.out.TokenRedemptionLogPort;
import io.routstr.gateway.domain.ecash.RedemptionFailure;
import io.routstr.gateway.domain.ecash.TokenFingerprint;
import io.routstr.gateway.domain.key.ApiKeyId;
import io.routstr.gateway.persistence.PostgresAdapterTest;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

@PostgresAdapterTest
class PostgresTokenRedemptionLogTest extends TokenRedemptionLogContract {

    @Autowired
    JpaTokenRedemptionLogAdapter adapter;

    @Autowired
    ApiKeyPort apiKeys;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    JdbcClient jdbc;

    private final Instant now = Instant.parse("2026-03-10T12:00:00Z");

    /** The wallet's write-ahead, which waits, comes before the token reaches its mint: it flushes the claim too. */
    @Test
    void aClaimTaken_leavesItsFlushToTheNextCommit() {
        TokenFingerprint token = TokenFingerprint.of("cashuBclaimed" + System.nanoTime());

        assertThat(synchronousCommitAfter(() -> adapter.claim(token, Optional.empty(), now, now.minusSeconds(300))))
                .isEqualTo("off");
    }

    @Test
    void aClaimRefused_andTheClaimsOutcomes_waitForTheDisk() {
        TokenFingerprint token = TokenFingerprint.of("cashuBrefused" + System.nanoTime());
        adapter.claim(token, Optional.empty(), now, now.minusSeconds(300));

        assertThat(synchronousCommitAfter(() -> adapter.claim(token, Optional.empty(), now, now.minusSeconds(300))))
                .isEqualTo("on");
        assertThat(synchronousCommitAfter(() -> {
                    adapter.rejected(token, RedemptionFailure.ALREADY_SPENT, now);
                    return null;
                }))
                .isEqualTo("on");
    }

    /** PostgreSQL's {@code synchronous_commit} in a transaction {@code step} joined, once it ran. */
    private String synchronousCommitAfter(Supplier<?> step) {
        return transactions.execute(status -> {
            // The test server runs with it off; production's default is on.
            jdbc.sql("SET LOCAL synchronous_commit = on").update();
            step.get();
            String setting = jdbc.sql("SELECT current_setting('synchronous_commit')")
                    .query(String.class)
                    .single();
            status.setRollbackOnly();
            return setting;
        });
    }

    @Override
    protected TokenRedemptionLogPort log() {
        return adapter;
    }

    @Override
    protected ApiKeyId existingKey() {
        return apiKeys.createIfAbsent(anApiKey().build()).id();
    }
}
