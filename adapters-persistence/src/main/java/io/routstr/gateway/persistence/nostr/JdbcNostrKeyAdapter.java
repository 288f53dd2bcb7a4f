package io.routstr.gateway.persistence.nostr;

import io.routstr.gateway.application.port.out.NostrKeyStorePort;
import io.routstr.gateway.persistence.secret.AtRestCipher;
import io.routstr.gateway.persistence.secret.AtRestCipher.Purpose;
import io.routstr.gateway.persistence.secret.SealedSecretRow;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The node's generated Nostr key on PostgreSQL: one row sealed by the node's {@link AtRestCipher} under the Nostr
 * key's purpose. The first instance to insert wins; every other one reads back the row it lost to.
 */
@Component
class JdbcNostrKeyAdapter implements NostrKeyStorePort {

    private final JdbcClient jdbc;
    private final AtRestCipher cipher;
    private final SealedSecretRow row;

    JdbcNostrKeyAdapter(JdbcClient jdbc, AtRestCipher cipher) {
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.row = new SealedSecretRow(jdbc, cipher, Purpose.NOSTR_KEY, "nostr_key");
    }

    @Override
    public Optional<String> load() {
        return row.stored().map(this::open);
    }

    @Override
    public String storeIfAbsent(String secretKeyHex) {
        return open(row.storeIfAbsent(secretKeyHex.getBytes(StandardCharsets.US_ASCII)));
    }

    private String open(byte[] stored) {
        return new String(row.open(stored), StandardCharsets.US_ASCII);
    }

    @Override
    public Optional<String> chosenByOperator() {
        return jdbc.sql("SELECT encrypted FROM nostr_key WHERE id = 1 AND chosen_by_operator")
                .query((rs, row) -> rs.getBytes("encrypted"))
                .optional()
                .map(this::open);
    }

    @Override
    public void replace(String secretKeyHex) {
        jdbc.sql("INSERT INTO nostr_key (id, encrypted, chosen_by_operator) VALUES (1, :key, true)"
                        + " ON CONFLICT (id) DO UPDATE SET encrypted = EXCLUDED.encrypted, chosen_by_operator = true,"
                        + " created_at = now()")
                .param("key", cipher.seal(Purpose.NOSTR_KEY, secretKeyHex.getBytes(StandardCharsets.US_ASCII)))
                .update();
    }

    @Override
    public void forget() {
        jdbc.sql("DELETE FROM nostr_key WHERE id = 1").update();
    }
}
