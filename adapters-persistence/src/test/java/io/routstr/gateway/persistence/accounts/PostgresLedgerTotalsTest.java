package io.routstr.gateway.persistence.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.port.out.LedgerPort;
import io.routstr.gateway.domain.ledger.LedgerBalanceReport;
import io.routstr.gateway.domain.ledger.LedgerEntryType;
import io.routstr.gateway.persistence.PostgresAdapterTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The ledger's totals come from a checkpoint and the entries booked since, not from every entry ever booked: they must
 * be exactly what counting every entry says, whatever commits around a checkpoint. The entries booked here move money
 * as a deposit does (a key's balance and its DEPOSIT entry together), so the shared database's ledger still adds up.
 */
@PostgresAdapterTest
class PostgresLedgerTotalsTest {

    @Autowired
    LedgerPort ledger;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Test
    void theTotals_countEveryEntryOnce_acrossCheckpoints() throws SQLException {
        UUID key = aKey();
        long before = ledger.balanceReport().total(LedgerEntryType.DEPOSIT);

        try (Connection booking = dataSource.getConnection()) {
            booking.setAutoCommit(false);
            deposit(booking, key, 1_000);
            booking.commit();
        }
        LedgerBalanceReport afterOne = ledger.balanceReport();
        LedgerBalanceReport afterAnother = ledger.balanceReport();

        assertThat(afterOne.total(LedgerEntryType.DEPOSIT) - before).isEqualTo(1_000);
        assertThat(afterAnother.total(LedgerEntryType.DEPOSIT)).isEqualTo(afterOne.total(LedgerEntryType.DEPOSIT));
        assertThat(totalsOf(afterAnother)).isEqualTo(everyEntryCounted());
        assertThat(checkpointXid()).isPositive();
    }

    /**
     * A transaction that booked an entry and is still open when a checkpoint is taken commits after it: a checkpoint
     * taken up to the newest transaction id would have passed its entry by, and no later count would see it.
     */
    @Test
    void anEntryWhoseTransactionIsOpenDuringACheckpoint_isCountedOnceItCommits() throws SQLException {
        UUID key = aKey();
        long before = ledger.balanceReport().total(LedgerEntryType.DEPOSIT);

        try (Connection booking = dataSource.getConnection()) {
            booking.setAutoCommit(false);
            long bookingXid = deposit(booking, key, 500);
            aKey(); // a later transaction that has ended: the newest id passes the open one by

            LedgerBalanceReport whileOpen = ledger.balanceReport();
            assertThat(whileOpen.total(LedgerEntryType.DEPOSIT)).isEqualTo(before);
            assertThat(checkpointXid()).isLessThanOrEqualTo(bookingXid);

            booking.commit();
        }
        LedgerBalanceReport afterCommit = ledger.balanceReport();

        assertThat(afterCommit.total(LedgerEntryType.DEPOSIT) - before).isEqualTo(500);
        assertThat(totalsOf(afterCommit)).isEqualTo(everyEntryCounted());
    }

    /**
     * A database restored from a logical dump into a fresh cluster keeps its checkpoint, whose transaction id is far
     * above the ids the new cluster hands out: the entries booked after the restore would never have been counted.
     */
    @Test
    void aCheckpointTakenInAnotherCluster_isStartedOver_andEveryEntryCountedOnce() throws SQLException {
        ledger.balanceReport();
        jdbc.sql("UPDATE ledger_checkpoint SET through_xid = 9000000000000, cluster_id = cluster_id + 1")
                .update();
        jdbc.sql("UPDATE ledger_totals SET total_msats = total_msats + 777").update();
        UUID key = aKey();
        try (Connection booking = dataSource.getConnection()) {
            booking.setAutoCommit(false);
            deposit(booking, key, 300);
            booking.commit();
        }

        LedgerBalanceReport afterRestore = ledger.balanceReport();

        assertThat(totalsOf(afterRestore)).isEqualTo(everyEntryCounted());
        assertThat(checkpointXid()).isLessThan(9000000000000L);
        assertThat(totalsOf(ledger.balanceReport())).isEqualTo(everyEntryCounted());
    }

    private UUID aKey() {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO api_keys (id, key_hash, balance_msats, refund_mint_url, refund_unit, created_at)
                        VALUES (:id, md5(random()::text) || md5(random()::text), 0, 'https://ledger.mint.test', 'sat',
                                now())
                        """).param("id", id).update();
        return id;
    }

    /** Credits the key and books the DEPOSIT on {@code booking}, left open; the booking transaction's id. */
    private static long deposit(Connection booking, UUID key, long msats) throws SQLException {
        try (PreparedStatement credit =
                        booking.prepareStatement("UPDATE api_keys SET balance_msats = balance_msats + ? WHERE id = ?");
                PreparedStatement book = booking.prepareStatement("""
                        INSERT INTO ledger_entries (id, entry_type, key_id, amount_msats, created_at)
                        VALUES (?, 'DEPOSIT', ?, ?, now())
                        """);
                PreparedStatement xid =
                        booking.prepareStatement("SELECT CAST(CAST(pg_current_xact_id() AS text) AS bigint)")) {
            credit.setLong(1, msats);
            credit.setObject(2, key);
            credit.executeUpdate();
            book.setObject(1, UUID.randomUUID());
            book.setObject(2, key);
            book.setLong(3, msats);
            book.executeUpdate();
            try (ResultSet rs = xid.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private long checkpointXid() {
        return jdbc.sql("SELECT through_xid FROM ledger_checkpoint")
                .query(Long.class)
                .single();
    }

    private Map<LedgerEntryType, Long> everyEntryCounted() {
        Map<LedgerEntryType, Long> totals = new EnumMap<>(LedgerEntryType.class);
        jdbc.sql(
                        "SELECT entry_type, SUM(amount_msats) FROM ledger_entries GROUP BY entry_type HAVING SUM(amount_msats) <> 0")
                .query((rs, row) -> totals.put(LedgerEntryType.valueOf(rs.getString(1)), rs.getLong(2)))
                .list();
        return totals;
    }

    private static Map<LedgerEntryType, Long> totalsOf(LedgerBalanceReport report) {
        Map<LedgerEntryType, Long> totals = new EnumMap<>(LedgerEntryType.class);
        for (LedgerEntryType type : LedgerEntryType.values()) {
            if (report.total(type) != 0) {
                totals.put(type, report.total(type));
            }
        }
        return totals;
    }
}
