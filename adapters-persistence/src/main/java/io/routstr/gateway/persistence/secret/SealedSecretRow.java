package io.routstr.gateway.persistence.secret;

import io.routstr.gateway.persistence.secret.AtRestCipher.Purpose;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One node-wide secret kept in a one-row table ({@code id = 1}, column {@code encrypted}), sealed by the node's
 * {@link AtRestCipher} under the secret's own purpose. The first instance to store it wins: every other one reads
 * back the row it lost to, so all instances of a node share one secret.
 */
public final class SealedSecretRow {

    private final JdbcClient jdbc;
    private final AtRestCipher cipher;
    private final Purpose purpose;
    private final String table;

    /** {@code table} is one of the schema's fixed names, never outside input. */
    public SealedSecretRow(JdbcClient jdbc, AtRestCipher cipher, Purpose purpose, String table) {
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.purpose = purpose;
        this.table = table;
    }

    /** The row's bytes as stored, sealed or in an older format, if the secret was stored. */
    public Optional<byte[]> stored() {
        return jdbc.sql("SELECT encrypted FROM " + table + " WHERE id = 1")
                .query((rs, row) -> rs.getBytes("encrypted"))
                .optional();
    }

    /** Opens bytes {@link #stored()} sealed under this row's purpose. */
    public byte[] open(byte[] stored) {
        return cipher.open(purpose, stored);
    }

    /** Seals and stores {@code plain} unless a secret is stored already; answers the stored row either way. */
    public byte[] storeIfAbsent(byte[] plain) {
        jdbc.sql("INSERT INTO " + table + " (id, encrypted) VALUES (1, :sealed) ON CONFLICT (id) DO NOTHING")
                .param("sealed", cipher.seal(purpose, plain))
                .update();
        return stored().orElseThrow();
    }

    /**
     * Re-seals {@code plain} over the row only if it still holds {@code expected}: an instance that replaced it first
     * has already written the same secret.
     */
    public void replace(byte[] expected, byte[] plain) {
        jdbc.sql("UPDATE " + table + " SET encrypted = :sealed WHERE id = 1 AND encrypted = :expected")
                .param("sealed", cipher.seal(purpose, plain))
                .param("expected", expected)
                .update();
    }
}
