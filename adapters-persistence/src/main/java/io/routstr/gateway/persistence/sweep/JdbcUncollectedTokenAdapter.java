package io.routstr.gateway.persistence.sweep;

import io.routstr.gateway.application.port.out.UncollectedTokenPort;
import io.routstr.gateway.persistence.secret.AtRestCipher;
import io.routstr.gateway.persistence.secret.AtRestCipher.Purpose;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Uncollected tokens in {@code ecash_payments} (X-Cashu change) and {@code refunds} (key refunds paid as tokens): a
 * claim is one {@code UPDATE … RETURNING} over rows picked with {@code FOR UPDATE SKIP LOCKED}, so concurrent
 * instances claim different tokens, and an expired claim is taken over. RETURNING gives rows in no set order, so the
 * claimed rows are read back through a CTE ordered oldest first, as the port promises. Change and refund tokens are stored
 * sealed ({@code JdbcEcashPaymentLogAdapter}, {@code JdbcRefundClaimsAdapter}) and opened here; one stored before sealing is read as it is.
 */
@Component
record JdbcUncollectedTokenAdapter(JdbcClient jdbc, AtRestCipher cipher) implements UncollectedTokenPort {

    @Override
    public List<UncollectedToken> claim(Instant issuedBefore, Instant claimExpiredBefore, Instant now, int limit) {
        ClaimWindow window = new ClaimWindow(issuedBefore, claimExpiredBefore, now);
        List<UncollectedToken> claimed = new ArrayList<>(claim(
                """
                WITH claimed AS (
                UPDATE ecash_payments SET sweep_claimed_at = :now
                 WHERE token_hash IN (
                       SELECT token_hash FROM ecash_payments
                        WHERE finished AND change_token IS NOT NULL AND sweep_state IS NULL
                          AND finished_at < :issuedBefore
                          AND (sweep_claimed_at IS NULL OR sweep_claimed_at < :expired)
                        ORDER BY finished_at
                        LIMIT :limit
                          FOR UPDATE SKIP LOCKED)
                RETURNING token_hash, change_token, finished_at)
                SELECT token_hash, change_token FROM claimed ORDER BY finished_at
                """,
                window,
                limit,
                (rs, row) -> new UncollectedToken(
                        Source.CHANGE,
                        rs.getString("token_hash"),
                        cipher.openTextOrPlain(Purpose.ECASH, rs.getString("change_token")))));
        int left = limit - claimed.size();
        if (left > 0) {
            claimed.addAll(claim(
                    """
                    WITH claimed AS (
                    UPDATE refunds SET sweep_claimed_at = :now
                     WHERE id IN (
                           SELECT id FROM refunds
                            WHERE status = 'COMPLETED' AND token IS NOT NULL AND lightning_address IS NULL
                              AND sweep_state IS NULL AND updated_at < :issuedBefore
                              AND (sweep_claimed_at IS NULL OR sweep_claimed_at < :expired)
                            ORDER BY updated_at
                            LIMIT :limit
                              FOR UPDATE SKIP LOCKED)
                    RETURNING id, token, updated_at)
                    SELECT id, token FROM claimed ORDER BY updated_at
                    """,
                    window,
                    left,
                    (rs, row) -> new UncollectedToken(
                            Source.REFUND,
                            rs.getObject("id", UUID.class).toString(),
                            cipher.openTextOrPlain(Purpose.ECASH, rs.getString("token")))));
        }
        return List.copyOf(claimed);
    }

    /** The times every claim statement is bound to: issued before, claims expired before, and now. */
    private record ClaimWindow(Instant issuedBefore, Instant claimExpiredBefore, Instant now) {}

    private List<UncollectedToken> claim(
            String statement, ClaimWindow window, int limit, RowMapper<UncollectedToken> token) {
        return jdbc.sql(statement)
                .param("now", Timestamp.from(window.now()))
                .param("issuedBefore", Timestamp.from(window.issuedBefore()))
                .param("expired", Timestamp.from(window.claimExpiredBefore()))
                .param("limit", limit)
                .query(token)
                .list();
    }

    @Override
    public void finish(UncollectedToken token, SweepState state, Instant now) {
        // A swept token is spent at the mint: clearing it makes the change recovery answer 410 and the key's refund
        // retry find nothing to hand out again.
        String sql = switch (token.source()) {
            case CHANGE -> """
                    UPDATE ecash_payments
                       SET sweep_state = :state,
                           change_token = CASE WHEN :state = 'SWEPT' THEN NULL ELSE change_token END
                     WHERE token_hash = :id AND sweep_state IS NULL
                    """;
            case REFUND -> """
                    UPDATE refunds
                       SET sweep_state = :state,
                           token = CASE WHEN :state = 'SWEPT' THEN NULL ELSE token END
                     WHERE id = CAST(:id AS uuid) AND sweep_state IS NULL
                    """;
        };
        jdbc.sql(sql).param("state", state.name()).param("id", token.id()).update();
    }
}
