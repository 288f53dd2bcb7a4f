package io.routstr.gateway.persistence.accounts;

import static io.routstr.gateway.domain.key.ApiKeyBuilder.anApiKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.contract.RefundClaimContract;
import io.routstr.gateway.application.port.out.ApiKeyPort;
import io.routstr.gateway.application.port.out.BalancePort;
import io.routstr.gateway.application.port.out.EcashPaymentLogPort;
import io.routstr.gateway.application.port.out.LedgerPort;
import io.routstr.gateway.application.port.out.RefundClaimPort;
import io.routstr.gateway.domain.ecash.TokenFingerprint;
import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.domain.refund.RefundClaim;
import io.routstr.gateway.persistence.PostgresAdapterTest;
import io.routstr.gateway.persistence.secret.AtRestCipher;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
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

    /** Statements the adapter made through {@link #counted()}: each is a round trip to PostgreSQL. */
    private final AtomicInteger statements = new AtomicInteger();

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
        assertThat(statements).hasValue(1);
        assertThat(payments.find(paidBy).orElseThrow().changeToken()).contains(token);
        // Sealed in the payment's row too: it is bearer ecash.
        assertThat(jdbc.sql("SELECT change_token FROM ecash_payments WHERE token_hash = ?")
                        .params(paidBy.value())
                        .query(String.class)
                        .single())
                .doesNotContain(token)
                .startsWith(AtRestCipher.TEXT_PREFIX);
    }

    /** The adapter on a data source that counts the statements prepared on its connections. */
    private JdbcRefundClaimsAdapter counted() {
        DataSource counting = (DataSource) Proxy.newProxyInstance(
                DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    Object result = invoke(dataSource, method, args);
                    if (!method.getName().equals("getConnection")) {
                        return result;
                    }
                    Connection connection = (Connection) result;
                    return Proxy.newProxyInstance(
                            Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, (c, m, a) -> {
                                if (m.getName().startsWith("prepare")) {
                                    statements.incrementAndGet();
                                }
                                return invoke(connection, m, a);
                            });
                });
        return new JdbcRefundClaimsAdapter(
                JdbcClient.create(counting),
                keys,
                ledgerRows,
                new TransactionTemplate(new DataSourceTransactionManager(counting)),
                cipher);
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
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
