package io.routstr.gateway.persistence.nostr;

import io.routstr.gateway.application.port.out.NostrKeyStorePort;
import io.routstr.gateway.persistence.secret.AtRestCipher;
import io.routstr.gateway.persistence.secret.AtRestCipher.Purpose;
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

    JdbcNostrKeyAdapter(JdbcClient jdbc, AtRestCipher cipher) {
        this.jdbc = jdbc;
        this.cipher = cipher;
    }

    @Override
    public Optional<String> load() {
        return jdbc.sql("SELECT encrypted FROM nostr_key WHERE id = 1")
                .query((rs, row) -> rs.getBytes("encrypted"))
                .optional()
                .map(stored -> new String(cipher.open(Purpose.NOSTR_KEY, stored), StandardCharsets.US_ASCII));
    }

    @Override
    public String storeIfAbsent(String secretKeyHex) {
        jdbc.sql("INSERT INTO nostr_key (id, encrypted) VALUES (1, :key) ON CONFLICT (id) DO NOTHING")
                .param("key", cipher.seal(Purpose.NOSTR_KEY, secretKeyHex.getBytes(StandardCharsets.US_ASCII)))
                .update();
        return load().orElseThrow();
    }

    @Override
    public Optional<String> chosenByOperator() {
        return jdbc.sql("SELECT encrypted FROM nostr_key WHERE id = 1 AND chosen_by_operator")
                .query((rs, row) -> rs.getBytes("encrypted"))
                .optional()
                .map(stored -> new String(cipher.open(Purpose.NOSTR_KEY, stored), StandardCharsets.US_ASCII));
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
