package io.routstr.gateway.bootstrap.admin;

import io.routstr.gateway.application.port.in.admin.AdminAccessUseCase;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/** Puts the shared test database into a known admin state: a known password, and ecash held at a mint of its own. */
final class AdminTestSupport {

    static final String PASSWORD = "correct horse battery staple";

    private AdminTestSupport() {}

    /** Other test classes may have started the node first and generated a password: replace it with the known one. */
    static void knownPassword(JdbcTemplate jdbc, AdminAccessUseCase access) {
        jdbc.update("DELETE FROM admin_password");
        jdbc.update("DELETE FROM admin_sessions");
        access.initializePassword(Optional.of(PASSWORD));
    }

    /** A mint no key is refunded at, holding {@code sats} in unspent proofs: all of it owner funds. */
    static String mintHolding(JdbcTemplate jdbc, long sats) {
        String mint = "http://owner-" + UUID.randomUUID().toString().substring(0, 8) + ".test";
        Timestamp now = Timestamp.from(Instant.now());
        long left = sats;
        for (long amount = Long.highestOneBit(sats); left > 0; amount >>= 1) {
            if (amount <= left) {
                String y = "02"
                        + String.format("%064x", Math.abs(UUID.randomUUID().getMostSignificantBits()))
                                .substring(0, 64);
                jdbc.update(
                        "INSERT INTO wallet_proofs (y, mint_url, unit, keyset_id, amount, secret, c, state, created_at,"
                                + " updated_at) VALUES (?, ?, 'sat', '00aabbccddeeff00', ?, ?, ?, 'UNSPENT', ?, ?)",
                        y,
                        mint,
                        amount,
                        UUID.randomUUID().toString(),
                        "02" + "ab".repeat(32),
                        now,
                        now);
                left -= amount;
            }
        }
        return mint;
    }
}
