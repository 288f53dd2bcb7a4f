package io.routstr.gateway.persistence.wallet;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Claims a journal's stale unfinished rows for this instance's recovery job, the same way for the wallet operations
 * and the foreign-mint swaps: in one short transaction, the oldest rows still unfinished and untouched since a time
 * are locked skipping those another instance holds, touched so that no other instance claims them again until they
 * are stale once more, and returned.
 *
 * @param table the journal's table (a constant of the caller, never input)
 * @param unfinished the SQL list of its unfinished states, e.g. {@code ('PREPARED', 'IN_FLIGHT')} (a constant)
 */
record StaleJournalRows(String table, String unfinished) {

    <T> List<T> claim(
            JdbcClient jdbc, TransactionTemplate tx, Instant olderThan, Instant now, int limit, RowMapper<T> row) {
        return tx.execute(status -> {
            List<UUID> ids = jdbc.sql("SELECT id FROM " + table
                            + " WHERE state IN " + unfinished + " AND updated_at < :older"
                            + " ORDER BY created_at LIMIT :limit FOR UPDATE SKIP LOCKED")
                    .param("older", olderThan.atOffset(ZoneOffset.UTC))
                    .param("limit", limit)
                    .query(UUID.class)
                    .list();
            if (ids.isEmpty()) {
                return List.of();
            }
            jdbc.sql("UPDATE " + table + " SET updated_at = :now WHERE id IN (:ids)")
                    .param("now", now.atOffset(ZoneOffset.UTC))
                    .param("ids", ids)
                    .update();
            return jdbc.sql("SELECT * FROM " + table + " WHERE id IN (:ids) ORDER BY created_at")
                    .param("ids", ids)
                    .query(row)
                    .list();
        });
    }
}
