package io.routstr.gateway.persistence.accounts;

import io.routstr.gateway.domain.ledger.LedgerEntryType;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The ledger's total per entry type without reading every entry ever booked: the totals of the entries whose
 * transactions have ended are kept in {@code ledger_totals}, up to the transaction id {@code through_xid} of
 * {@code ledger_checkpoint}, and a total is those plus the entries booked since (found through a BRIN index on
 * {@code booked_xid}, which every entry gets from its booking transaction by default).
 *
 * <p>Why a transaction id and not a time: an entry may commit long after its transaction began, so no clock reading
 * says that every entry before it is already visible. A snapshot's {@code xmin} does: every transaction with a lower id
 * had ended (committed or rolled back) when the snapshot was taken, so the entries they booked are all visible in that
 * snapshot and no more can come. {@link #checkpoint} folds them into the totals in one statement, under the
 * checkpoint row's lock, with that same snapshot; a transaction still open keeps its entries in the tail until it ends.
 * The totals and the checkpoint change in one commit, so a reader's snapshot sees both as they were, or both as they
 * are. Transaction ids are the cluster's own: the checkpoint remembers its cluster, and one taken in another (a
 * database restored from a logical dump) is started over.
 */
final class LedgerTotals {

    /** Entries booked before this change have no transaction id; the first checkpoint counts them. */
    private static final long NO_CHECKPOINT_YET = 0;

    private final JdbcClient jdbc;
    private final TransactionTemplate jdbcTx;

    LedgerTotals(JdbcClient jdbc, TransactionTemplate jdbcTx) {
        this.jdbc = jdbc;
        this.jdbcTx = jdbcTx;
    }

    /**
     * Folds the entries of every ended transaction since the last checkpoint into the totals; a short transaction that
     * waits for another instance's checkpoint rather than count anything twice.
     */
    void checkpoint() {
        jdbcTx.executeWithoutResult(status -> {
            Checkpoint checkpoint = jdbc.sql("""
                            SELECT through_xid, cluster_id, (SELECT system_identifier FROM pg_control_system()) AS here
                            FROM ledger_checkpoint FOR UPDATE
                            """)
                    .query((rs, row) -> new Checkpoint(rs.getLong(1), (Long) rs.getObject(2), rs.getLong(3)))
                    .single();
            long cluster = checkpoint.here();
            long through = checkpoint.takenElsewhere() ? startOver() : checkpoint.throughXid();
            // One statement: its snapshot's xmin is the new checkpoint and its entries are read in that snapshot.
            jdbc.sql("""
                            WITH horizon AS (
                                SELECT CAST(CAST(pg_snapshot_xmin(pg_current_snapshot()) AS text) AS bigint) AS xid
                            ), added AS (
                                SELECT e.entry_type, SUM(e.amount_msats) AS total
                                FROM ledger_entries e, horizon
                                WHERE %s
                                GROUP BY e.entry_type
                            ), folded AS (
                                INSERT INTO ledger_totals (entry_type, total_msats)
                                SELECT entry_type, total FROM added
                                ON CONFLICT (entry_type)
                                DO UPDATE SET total_msats = ledger_totals.total_msats + EXCLUDED.total_msats
                                RETURNING entry_type
                            )
                            UPDATE ledger_checkpoint
                               SET through_xid = GREATEST(ledger_checkpoint.through_xid, horizon.xid), cluster_id = :cluster
                            FROM horizon
                            """.formatted(foldedNow(through)))
                    .param("through", through)
                    .param("cluster", cluster)
                    .update();
        });
    }

    /** The checkpoint as stored ({@code cluster}: where it was taken, none yet), beside this cluster's identifier. */
    private record Checkpoint(long throughXid, Long cluster, long here) {

        boolean takenElsewhere() {
            return cluster != null && cluster != here;
        }
    }

    /**
     * The entries' transaction ids came from another cluster (the database was restored from a logical dump): none of
     * them says anything here, so every entry counts again as booked before the first checkpoint, once.
     */
    private long startOver() {
        jdbc.sql("UPDATE ledger_entries SET booked_xid = NULL WHERE booked_xid IS NOT NULL")
                .update();
        jdbc.sql("DELETE FROM ledger_totals").update();
        jdbc.sql("UPDATE ledger_checkpoint SET through_xid = :none")
                .param("none", NO_CHECKPOINT_YET)
                .update();
        return NO_CHECKPOINT_YET;
    }

    /**
     * The total of each entry type: the checkpoint's totals and the entries booked after it, read in the caller's
     * transaction (a repeatable-read snapshot, so that they and the balances beside them are one state).
     */
    Map<LedgerEntryType, Long> totals() {
        long through = jdbc.sql("SELECT through_xid FROM ledger_checkpoint")
                .query(Long.class)
                .single();
        Map<LedgerEntryType, Long> totals = new EnumMap<>(LedgerEntryType.class);
        jdbc.sql("""
                        SELECT entry_type, SUM(total) AS total FROM (
                            SELECT entry_type, total_msats AS total FROM ledger_totals
                            UNION ALL
                            SELECT e.entry_type, SUM(e.amount_msats) FROM ledger_entries e
                            WHERE %s
                            GROUP BY e.entry_type
                        ) parts
                        GROUP BY entry_type
                        """.formatted(after(through)))
                .param("through", through)
                .query((rs, row) -> totals.put(LedgerEntryType.valueOf(rs.getString(1)), rs.getLong(2)))
                .list();
        return totals;
    }

    /**
     * The entries a checkpoint at {@code through} does not hold: those booked by later transactions, and before the
     * first checkpoint also those booked before entries carried their transaction's id.
     */
    private static String after(long through) {
        return through == NO_CHECKPOINT_YET
                ? "(e.booked_xid IS NULL OR e.booked_xid >= :through)"
                : "e.booked_xid >= :through";
    }

    /** Of those, the ones a checkpoint now folds in: booked by transactions that have all ended. */
    private static String foldedNow(long through) {
        return through == NO_CHECKPOINT_YET
                ? "(e.booked_xid IS NULL OR e.booked_xid < horizon.xid)"
                : "e.booked_xid >= :through AND e.booked_xid < horizon.xid";
    }
}
