package io.routstr.gateway.persistence.accounts;

import static io.routstr.gateway.application.contract.WalletFixtures.aMint;
import static io.routstr.gateway.domain.key.ApiKeyBuilder.anApiKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.routstr.gateway.application.contract.RefundClaimContract;
import io.routstr.gateway.application.port.out.ApiKeyPort;
import io.routstr.gateway.application.port.out.BalancePort;
import io.routstr.gateway.application.port.out.EcashPaymentLogPort;
import io.routstr.gateway.application.port.out.LedgerPort;
import io.routstr.gateway.application.port.out.RefundClaimPort;
import io.routstr.gateway.application.port.out.RefundClaimPort.Flush;
import io.routstr.gateway.application.port.out.RefundClaimPort.OpenResult;
import io.routstr.gateway.application.port.out.WalletJournalPort;
import io.routstr.gateway.application.port.out.WalletJournalPort.Operation;
import io.routstr.gateway.application.port.out.WalletJournalPort.OperationKind;
import io.routstr.gateway.application.port.out.WalletJournalPort.OperationState;
import io.routstr.gateway.domain.ecash.TokenFingerprint;
import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.domain.refund.RefundClaim;
import io.routstr.gateway.domain.refund.RefundStatus;
import io.routstr.gateway.persistence.PostgresAdapterTest;
import io.routstr.gateway.persistence.StatementCountingDataSource;
import io.routstr.gateway.persistence.secret.AtRestCipher;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

@PostgresAdapterTest
class PostgresRefundClaimsTest extends RefundClaimContract {

    @Autowired
    JdbcRefundClaimsAdapter claims;

    @Autowired
    JpaAccountsAdapter accounts;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    EcashPaymentLogPort payments;

    @Autowired
    ApiKeyRepository keys;

    @Autowired
    LedgerEntryRepository ledgerRows;

    @Autowired
    AtRestCipher cipher;

    @Autowired
    DataSource dataSource;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    WalletJournalPort walletJournal;

    /** Counts the statements of the adapter {@link #counted()} returns: each is a round trip to PostgreSQL. */
    private StatementCountingDataSource counting;

    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");

    @Override
    protected RefundClaimPort claims() {
        return claims;
    }

    @Override
    protected ApiKeyPort apiKeys() {
        return accounts;
    }

    @Override
    protected BalancePort balances() {
        return accounts;
    }

    @Override
    protected LedgerPort ledger() {
        return accounts;
    }

    @Override
    protected EcashPaymentLogPort payments() {
        return payments;
    }

    @Test
    void completingAChangeClaim_andRecordingThePaymentsChange_isOneStatement() {
        RefundClaim claim = openedClaim();
        TokenFingerprint paidBy = TokenFingerprint.of("cashuB" + UUID.randomUUID());
        payments.started(paidBy, claim.keyId(), NOW);
        String token = "cashuBchange-" + UUID.randomUUID();

        boolean completed = counted().completeAsChange(claim.id(), Optional.of(token), paidBy, Msats.of(5_000), NOW);

        assertThat(completed).isTrue();
        assertThat(counting.statementsPrepared()).isEqualTo(1);
        assertThat(payments.find(paidBy).orElseThrow().changeToken()).contains(token);
        // Sealed in the payment's row too: it is bearer ecash.
        assertThat(jdbc.sql("SELECT change_token FROM ecash_payments WHERE token_hash = ?")
                        .params(paidBy.value())
                        .query(String.class)
                        .single())
                .doesNotContain(token)
                .startsWith(AtRestCipher.TEXT_PREFIX);
    }

    @BeforeEach
    void countingStatementsFromNowOn() {
        counting = new StatementCountingDataSource(dataSource);
    }

    /** The adapter on a data source that counts the statements prepared on its connections. */
    private JdbcRefundClaimsAdapter counted() {
        return new JdbcRefundClaimsAdapter(counting.jdbcClient(), keys, ledgerRows, counting.transactions(), cipher);
    }

    @Test
    void aRefundPaidAsATokenIsStoredSealed_whoeverReadsTheTableCannotSpendIt() {
        RefundClaim claim = openedClaim();
        String token = "cashuBrefund-" + UUID.randomUUID();

        claims.complete(claim.id(), Optional.of(token), NOW);

        assertThat(storedToken(claim)).isNotEqualTo(token).doesNotContain(token).startsWith(AtRestCipher.TEXT_PREFIX);
        assertThat(claims.find(claim.id()).orElseThrow().token()).contains(token);
    }

    @Test
    void aRefundTokenStoredUnsealedByAnEarlierVersionIsStillRead() {
        RefundClaim claim = openedClaim();
        String token = "cashuBrefund-" + UUID.randomUUID();
        claims.complete(claim.id(), Optional.of("cashuBother"), NOW);
        jdbc.sql("UPDATE refunds SET token = ? WHERE id = ?")
                .params(token, claim.id().value())
                .update();

        assertThat(claims.find(claim.id()).orElseThrow().token()).contains(token);
    }

    /** An X-Cashu payment's change: its payout's write-ahead, which waits, comes before its mint call. */
    @Test
    void aClaimOpenedLeavingItsFlushToTheNextCommit_isOneStatement_thatTurnsTheWaitOffForItsTransaction() {
        ApiKey key = fundedKey();
        RefundClaim claim = RefundClaim.open(key.id(), Msats.of(5_000), key.refundTarget(), NOW);

        // Inside a transaction of the counted data source, so that the adapter joins it and the setting can be read.
        String setting = counting.transactions().execute(status -> {
            // The test server runs with it off; production's default is on.
            counting.jdbcClient().sql("SET LOCAL synchronous_commit = on").update();
            assertThat(counted().open(claim, Msats.of(5_000), NOW, Flush.LEFT_TO_NEXT_COMMIT))
                    .isInstanceOf(OpenResult.Opened.class);
            // The test's own SET, and the opening: one statement.
            assertThat(counting.statementsPrepared()).isEqualTo(2);
            return counting.jdbcClient()
                    .sql("SELECT current_setting('synchronous_commit')")
                    .query(String.class)
                    .single();
        });

        assertThat(setting).isEqualTo("off");
        assertThat(claims.find(claim.id())).isPresent();
    }

    /** The opening commits on its own: a part of it that cannot be stored fails all of it, the debit with it. */
    @Test
    void aClaimWhoseLedgerEntryConflicts_isNotOpened_andTheKeyKeepsItsBalance() {
        ApiKey key = fundedKey();
        RefundClaim claim = RefundClaim.open(key.id(), Msats.of(5_000), key.refundTarget(), NOW);
        UUID conflicting = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO ledger_entries (id, entry_type, key_id, amount_msats, reference, created_at)
                        VALUES (:id, :type, :key, 1, :reference, :at)
                        """)
                .param("id", conflicting)
                .param("type", claim.ledgerType().name())
                .param("key", key.id().value())
                .param("reference", claim.id().ledgerReference())
                .param("at", Timestamp.from(NOW))
                .update();
        try {
            assertThat(claims.open(claim, Msats.of(5_000), NOW, Flush.LEFT_TO_NEXT_COMMIT))
                    .isInstanceOf(OpenResult.BalanceChanged.class);

            assertThat(accounts.findById(key.id()).orElseThrow().balance()).isEqualTo(Msats.of(5_000));
            assertThat(claims.find(claim.id())).isEmpty();
        } finally {
            // The planted entry moved no money: gone again, so that the shared database's ledger still adds up.
            jdbc.sql("DELETE FROM ledger_entries WHERE id = :id")
                    .param("id", conflicting)
                    .update();
        }
    }

    @Test
    void aClaimOpenedAsEveryRefundIs_waitsForTheDisk() {
        ApiKey key = fundedKey();
        RefundClaim claim = RefundClaim.open(key.id(), Msats.of(5_000), key.refundTarget(), NOW);

        String setting = transactions.execute(status -> {
            jdbc.sql("SET LOCAL synchronous_commit = on").update();
            assertThat(claims.open(claim, Msats.of(5_000), NOW)).isInstanceOf(OpenResult.Opened.class);
            return synchronousCommit();
        });

        assertThat(setting).isEqualTo("on");
    }

    private String synchronousCommit() {
        return jdbc.sql("SELECT current_setting('synchronous_commit')")
                .query(String.class)
                .single();
    }

    /**
     * A payout completes its claim inside the wallet's commit that hands the token out: the completion joins that
     * transaction (one commit for both), and is undone with it when the hand-out fails.
     */
    @Test
    void aClaimCompletedInsideTheWalletsTransaction_commitsWithIt_andIsRolledBackWithIt() {
        RefundClaim kept = openedClaim();
        UUID handOut = UUID.randomUUID();

        boolean completed = walletJournal.inOneTransaction(
                () -> {
                    walletJournal.recordFinished(aSend(handOut), OperationState.COMPLETED, 5, NOW);
                    return claims.complete(kept.id(), Optional.of("cashuBtoken"), NOW);
                },
                done -> true);

        assertThat(completed).isTrue();
        List<String> writers = jdbc.sql("""
                        SELECT xmin::text FROM refunds WHERE id = :claim
                        UNION SELECT xmin::text FROM wallet_operations WHERE id = :operation
                        """)
                .param("claim", kept.id().value())
                .param("operation", handOut)
                .query(String.class)
                .list();
        assertThat(writers).hasSize(1);

        RefundClaim undone = openedClaim();
        UUID failed = UUID.randomUUID();
        assertThatThrownBy(() -> walletJournal.inOneTransaction(
                        () -> {
                            walletJournal.recordFinished(aSend(failed), OperationState.COMPLETED, 5, NOW);
                            claims.complete(undone.id(), Optional.of("cashuBtoken"), NOW);
                            throw new IllegalStateException("the hand-out failed");
                        },
                        done -> true))
                .hasMessage("the hand-out failed");
        assertThat(claims.find(undone.id()).orElseThrow().status()).isEqualTo(RefundStatus.OPEN);
        assertThat(walletJournal.find(failed)).isEmpty();
    }

    private static Operation aSend(UUID id) {
        return Operation.prepare(
                id, OperationKind.SEND, aMint(), CurrencyUnit.SAT, Optional.empty(), Optional.empty(), NOW);
    }

    private ApiKey fundedKey() {
        ApiKey key = accounts.createIfAbsent(anApiKey().createdAt(NOW).build());
        accounts.credit(key.id(), Msats.of(5_000), "deposit:" + UUID.randomUUID(), NOW);
        return key;
    }

    private RefundClaim openedClaim() {
        ApiKey key = accounts.createIfAbsent(anApiKey().createdAt(NOW).build());
        accounts.credit(key.id(), Msats.of(5_000), "deposit:" + UUID.randomUUID(), NOW);
        RefundClaim claim = RefundClaim.open(key.id(), Msats.of(5_000), key.refundTarget(), NOW);
        claims.open(claim, Msats.of(5_000), NOW);
        return claim;
    }

    private String storedToken(RefundClaim claim) {
        return jdbc.sql("SELECT token FROM refunds WHERE id = ?")
                .params(claim.id().value())
                .query(String.class)
                .single();
    }
}
