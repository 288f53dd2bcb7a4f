package io.routstr.gateway.persistence.payment;

import io.routstr.gateway.application.port.out.EcashPaymentLogPort;
import io.routstr.gateway.domain.ecash.TokenFingerprint;
import io.routstr.gateway.domain.key.ApiKeyId;
import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.persistence.secret.AtRestCipher;
import io.routstr.gateway.persistence.secret.AtRestCipher.Purpose;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Per-request ecash payments on PostgreSQL; each method is a single statement. The change token is bearer ecash, so it
 * is stored sealed by the node's {@link AtRestCipher} under the same purpose as every other token the node hands out
 * ({@link Purpose#ECASH}); a change token written before sealing (no {@code v2:} prefix) is read as it is.
 */
@Component
record JdbcEcashPaymentLogAdapter(JdbcClient jdbc, AtRestCipher cipher) implements EcashPaymentLogPort {

    @Override
    public void started(TokenFingerprint tokenHash, ApiKeyId keyId, Instant now) {
        jdbc.sql("""
                        INSERT INTO ecash_payments (token_hash, key_id, started_at) VALUES (:hash, :key, :now)
                        ON CONFLICT (token_hash) DO NOTHING
                        """)
                .param("hash", tokenHash.value())
                .param("key", keyId.value())
                .param("now", Timestamp.from(now))
                .update();
    }

    @Override
    public boolean changeIssued(TokenFingerprint tokenHash, Optional<String> changeToken, Msats amount, Instant now) {
        return jdbc.sql("""
                        UPDATE ecash_payments SET finished = true, change_token = :token, change_msats = :amount,
                                                  finished_at = :now
                        WHERE token_hash = :hash AND NOT finished
                        """)
                        .param("hash", tokenHash.value())
                        .param("token", changeToken.map(this::seal).orElse(null))
                        .param("amount", amount.value())
                        .param("now", Timestamp.from(now))
                        .update()
                == 1;
    }

    @Override
    public Optional<EcashPayment> find(TokenFingerprint tokenHash) {
        return jdbc.sql("SELECT * FROM ecash_payments WHERE token_hash = :hash")
                .param("hash", tokenHash.value())
                .query((rs, row) -> new EcashPayment(
                        TokenFingerprint.parse(rs.getString("token_hash")),
                        new ApiKeyId(rs.getObject("key_id", UUID.class)),
                        rs.getBoolean("finished"),
                        Optional.ofNullable(rs.getString("change_token")).map(this::open),
                        Msats.of(rs.getLong("change_msats"))))
                .optional();
    }

    private String seal(String changeToken) {
        return cipher.sealText(Purpose.ECASH, changeToken);
    }

    private String open(String stored) {
        return cipher.openTextOrPlain(Purpose.ECASH, stored);
    }
}
