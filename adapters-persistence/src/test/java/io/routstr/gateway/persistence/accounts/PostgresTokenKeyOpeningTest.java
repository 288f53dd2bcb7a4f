package io.routstr.gateway.persistence.accounts;

import static io.routstr.gateway.domain.key.ApiKeyBuilder.anApiKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.contract.TokenKeyOpeningContract;
import io.routstr.gateway.application.port.out.ApiKeyPort;
import io.routstr.gateway.application.port.out.BalancePort;
import io.routstr.gateway.application.port.out.EcashPaymentLogPort;
import io.routstr.gateway.application.port.out.LedgerPort;
import io.routstr.gateway.application.port.out.TokenKeyOpeningPort;
import io.routstr.gateway.application.port.out.TokenKeyOpeningPort.TokenUse;
import io.routstr.gateway.application.port.out.TokenRedemptionLogPort;
import io.routstr.gateway.domain.ecash.TokenFingerprint;
import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.key.LimitResetPeriod;
import io.routstr.gateway.domain.key.RefundTarget;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.persistence.PostgresAdapterTest;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

@PostgresAdapterTest
class PostgresTokenKeyOpeningTest extends TokenKeyOpeningContract {

    @Autowired
    JpaAccountsAdapter accounts;

    @Autowired
    TokenRedemptionLogPort redemptions;

    @Autowired
    EcashPaymentLogPort payments;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    JdbcClient jdbc;

    /**
     * Every optional column a key opens with is stored as given: the statement binds them typed (a time absent or not
     * as text it casts), so that the driver never has it described by the server.
     */
    @Test
    void aKeyOpenedWithItsLimitExpiryAndRefundTarget_isStoredWithThemAll() {
        Instant created = Instant.parse("2026-03-10T12:00:00.123456Z");
        ApiKey fresh = anApiKey()
                .createdAt(created)
                .withLimit(Msats.of(5_000), LimitResetPeriod.MONTHLY)
                .validUntil(created.plusSeconds(86_400))
                .withRefundTarget(RefundTarget.to(MintUrl.of("https://mint.example"), CurrencyUnit.SAT)
                        .withLightningAddress("owner@example.com", created.plusSeconds(3_600)))
                .build();

        ApiKey opened = ((BalancePort.OpenFundedResult.Opened)
                        accounts.openFunded(fresh, Msats.of(10_000), "deposit:all-columns", created))
                .key();

        ApiKey stored = accounts.findById(fresh.id()).orElseThrow();
        for (ApiKey key : new ApiKey[] {opened, stored}) {
            assertThat(key.balance()).isEqualTo(Msats.of(10_000));
            assertThat(key.balanceLimit()).isEqualTo(fresh.balanceLimit());
            assertThat(key.validUntil()).isEqualTo(fresh.validUntil());
            assertThat(key.refundTarget()).isEqualTo(fresh.refundTarget());
            assertThat(key.createdAt()).isEqualTo(created);
        }
    }

    /**
     * Inside a caller's transaction (the wallet's commit after a swap) the opening is part of it: it commits nothing
     * itself, and is rolled back with it.
     */
    @Test
    void insideACallersTransaction_theOpeningJoinsIt_andIsRolledBackWithIt() {
        TokenFingerprint token = TokenFingerprint.of("cashuBjoinsTheCallersTransaction");
        ApiKey fresh =
                anApiKey().createdAt(Instant.parse("2026-03-10T12:00:00Z")).build();

        transactions.executeWithoutResult(status -> {
            accounts.openFundedByToken(
                    fresh,
                    Msats.of(10_000),
                    "token:" + token.value(),
                    token,
                    TokenUse.PAYS_ONE_REQUEST,
                    Instant.parse("2026-03-10T12:00:00Z"));
            status.setRollbackOnly();
        });

        assertThat(accounts.findByHash(fresh.keyHash())).isEmpty();
        assertThat(payments.find(token)).isEmpty();
    }

    /**
     * A key opened for a token paying one request commits without waiting for the disk, and so does the wallet's
     * commit it joins: the request's hold, which waits, follows before anything outside the database.
     */
    @Test
    void aKeyOpenedToPayOneRequest_leavesTheFlushOfTheCommitItJoinsToTheNextCommit() {
        assertThat(synchronousCommitAfterOpening(TokenUse.PAYS_ONE_REQUEST)).isEqualTo("off");
    }

    /** A key opened by its token is answered to its client at once: its commit waits for the disk. */
    @Test
    void aKeyOpenedByItsToken_waitsForTheDisk() {
        assertThat(synchronousCommitAfterOpening(TokenUse.OPENS_KEY)).isEqualTo("on");
    }

    /** PostgreSQL's {@code synchronous_commit} in a caller's transaction, once a key was opened inside it. */
    private String synchronousCommitAfterOpening(TokenUse use) {
        TokenFingerprint token = TokenFingerprint.of("cashuBflush" + use + System.nanoTime());
        ApiKey fresh =
                anApiKey().createdAt(Instant.parse("2026-03-10T12:00:00Z")).build();
        return transactions.execute(status -> {
            // The test server runs with it off; production's default is on.
            jdbc.sql("SET LOCAL synchronous_commit = on").update();
            accounts.openFundedByToken(
                    fresh,
                    Msats.of(10_000),
                    "token:" + token.value(),
                    token,
                    use,
                    Instant.parse("2026-03-10T12:00:00Z"));
            return jdbc.sql("SELECT current_setting('synchronous_commit')")
                    .query(String.class)
                    .single();
        });
    }

    @Override
    protected TokenKeyOpeningPort openings() {
        return accounts;
    }

    @Override
    protected ApiKeyPort apiKeys() {
        return accounts;
    }

    @Override
    protected LedgerPort ledger() {
        return accounts;
    }

    @Override
    protected TokenRedemptionLogPort redemptions() {
        return redemptions;
    }

    @Override
    protected EcashPaymentLogPort payments() {
        return payments;
    }
}
