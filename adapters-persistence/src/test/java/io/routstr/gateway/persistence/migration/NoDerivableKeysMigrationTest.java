package io.routstr.gateway.persistence.migration;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.domain.ecash.QuoteId;
import io.routstr.gateway.domain.ecash.TokenFingerprint;
import io.routstr.gateway.domain.lightning.InvoiceCapability;
import io.routstr.gateway.persistence.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import liquibase.Liquibase;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Changeset 009 on rows stored in the old form (sha256(token) as the fingerprint, the invoice id in clear): afterwards
 * no stored value is a token's sha256 (the secret part of its key) or an invoice id, and the values the code looks
 * rows up by (TokenFingerprint of the token, the handle of the invoice id) find them.
 */
class NoDerivableKeysMigrationTest {

    private static final String DEPOSIT_TOKEN = "cashuBdeposit-token-stored-before-009";
    private static final String PAYING_TOKEN = "cashuBx-cashu-token-stored-before-009";
    private static final String INVOICE_ID = "Qm9ndXMtaW52b2ljZS1pZA";
    private static final String QUOTE_ID = "quote-before-009";

    private final Map<String, String> server = TestPostgres.datasourceProperties();
    private final String database =
            "migration_009_" + UUID.randomUUID().toString().replace("-", "");
    private Connection connection;

    @BeforeEach
    void freshDatabase() throws Exception {
        try (Connection admin = connect(server.get("spring.datasource.url"));
                Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        }
        connection = connect(server.get("spring.datasource.url").replaceFirst("(//[^/]+/)[^?]*", "$1" + database));
    }

    @AfterEach
    void dropDatabase() throws Exception {
        connection.close();
        try (Connection admin = connect(server.get("spring.datasource.url"));
                Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE " + database);
        }
    }

    @Test
    void oldRowsAreConverted_noStoredValueIsATokensSha256OrAnInvoiceId_andLookupsFindThem() throws Exception {
        migrate("db/changelog-before-009.yaml");
        UUID keyId = UUID.randomUUID();
        String depositSha = sha256Hex(DEPOSIT_TOKEN);
        String payingSha = sha256Hex(PAYING_TOKEN);
        String legacyInvoiceKey = "sk-" + sha256Hex("invoice-" + INVOICE_ID + "-" + QUOTE_ID);
        execute(
                "INSERT INTO api_keys (id, key_hash, balance_msats, refund_mint_url, refund_unit, created_at)"
                        + " VALUES (?, ?, 3000, 'http://mint.test', 'sat', now())",
                keyId,
                sha256Hex("sk-" + depositSha));
        execute(
                "INSERT INTO token_redemptions (token_hash, state, key_id, claimed_at, finished_at)"
                        + " VALUES (?, 'COMPLETED', ?, now(), now())",
                depositSha,
                keyId);
        execute(
                "INSERT INTO ecash_payments (token_hash, key_id, finished, started_at) VALUES (?, ?, false, now())",
                payingSha,
                keyId);
        execute(
                "INSERT INTO wallet_operations (id, kind, mint_url, unit, state, fingerprint, created_at, updated_at)"
                        + " VALUES (?, 'RECEIVE', 'http://mint.test', 'sat', 'COMPLETED', ?, now(), now())",
                UUID.randomUUID(),
                depositSha);
        execute(
                "INSERT INTO ledger_entries (id, entry_type, key_id, amount_msats, reference, created_at)"
                        + " VALUES (?, 'DEPOSIT', ?, 1000, ?, now()), (?, 'DEPOSIT', ?, 2000, ?, now())",
                UUID.randomUUID(),
                keyId,
                "token:" + depositSha,
                UUID.randomUUID(),
                keyId,
                "invoice:" + INVOICE_ID);
        execute(
                "INSERT INTO lightning_invoices (id, bolt11, quote_id, mint_url, unit, amount_sats, purpose, state,"
                        + " created_at, expires_at, paid_at, next_check_at) VALUES (?, 'lnbc20n1old', ?,"
                        + " 'http://mint.test', 'sat', 2, 'CREATE', 'PAID', now(), now(), now(), now())",
                INVOICE_ID,
                QUOTE_ID);

        migrate("db/changelog/db.changelog-master.yaml");

        List<String> stored = storedTextValues();
        assertThat(stored.stream().filter(v -> v.contains(depositSha) || v.contains(payingSha)))
                .as("stored values holding a token's sha256")
                .isEmpty();
        assertThat(stored.stream().filter(v -> v.contains(INVOICE_ID)))
                .as("stored invoice ids")
                .isEmpty();
        String depositFingerprint = TokenFingerprint.of(DEPOSIT_TOKEN).value();
        assertThat(query("SELECT key_id::text FROM token_redemptions WHERE token_hash = ?", depositFingerprint))
                .containsExactly(keyId.toString());
        assertThat(query(
                        "SELECT key_id::text FROM ecash_payments WHERE token_hash = ?",
                        TokenFingerprint.of(PAYING_TOKEN).value()))
                .containsExactly(keyId.toString());
        assertThat(query("SELECT state FROM wallet_operations WHERE fingerprint = ?", depositFingerprint))
                .containsExactly("COMPLETED");
        assertThat(query(
                        "SELECT amount_msats::text FROM ledger_entries WHERE reference = ?",
                        "token:" + depositFingerprint))
                .containsExactly("1000");
        InvoiceCapability invoiceId = InvoiceCapability.of(INVOICE_ID);
        assertThat(query(
                        "SELECT amount_msats::text FROM ledger_entries WHERE reference = ?",
                        "invoice:" + invoiceId.handle()))
                .containsExactly("2000");
        assertThat(query("SELECT created_key_hash FROM lightning_invoices WHERE id = ?", invoiceId.handle()))
                .containsExactly(sha256Hex(legacyInvoiceKey));
        assertThat(invoiceId.createdKey(QuoteId.of(QUOTE_ID)).reveal())
                .as("the key the invoice opened before the migration is still the one its id shows")
                .isEqualTo(legacyInvoiceKey);
    }

    @SuppressWarnings("deprecation") // Liquibase.update(String) is the plain way to run a changelog on one connection
    private void migrate(String changelog) throws Exception {
        Database target =
                DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(connection));
        Liquibase liquibase = new Liquibase(changelog, new ClassLoaderResourceAccessor(), target);
        liquibase.update("");
    }

    private List<String> storedTextValues() throws Exception {
        List<String> columns = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("""
                        SELECT format('SELECT %I::text FROM %I WHERE %I IS NOT NULL', column_name, table_name,
                            column_name)
                        FROM information_schema.columns
                        WHERE table_schema = 'public'
                          AND data_type IN ('text', 'character varying', 'character', 'bytea')
                        """)) {
            while (rows.next()) {
                columns.add(rows.getString(1));
            }
        }
        List<String> values = new ArrayList<>();
        for (String select : columns) {
            values.addAll(query(select));
        }
        return values;
    }

    private List<String> query(String sql, Object... parameters) throws Exception {
        try (var statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            List<String> values = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
            }
            return values;
        }
    }

    private void execute(String sql, Object... parameters) throws Exception {
        try (var statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        }
    }

    private Connection connect(String url) throws Exception {
        return DriverManager.getConnection(
                url, server.get("spring.datasource.username"), server.get("spring.datasource.password"));
    }

    private static String sha256Hex(String text) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
