package io.routstr.gateway.persistence.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.routstr.gateway.application.contract.WalletSeedContract;
import io.routstr.gateway.application.port.out.WalletSeedPort;
import io.routstr.gateway.persistence.PostgresAdapterTest;
import io.routstr.gateway.persistence.secret.AtRestCipher;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@PostgresAdapterTest
class PostgresWalletSeedTest extends WalletSeedContract {

    /** A node secret and the seed row the code before per-purpose keys wrote with it (its SeedVault, version 1). */
    private static final String OLD_NODE_SECRET = "a-node-secret-key-written-by-the-old-code";

    private static final String OLD_MNEMONIC =
            "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";

    private static final byte[] WRITTEN_BY_THE_OLD_CODE = HexFormat.of()
            .parseHex("014b3adaa6db2d4a226bd16737e31c6185b90e38b92399ca34696b672eca259c9f1b856f4b09923745a4d7ff4ddbc58"
                    + "76ad16f5e34cc9a9b2159da2d2e2eb5fa707f6706f7d3e4b5f87b458919b80f472a29ca7747dc05784b80f465a94943"
                    + "3b43dea5d7ee7a8c813e5ac0f84ce63e1aa0c49a98aa3a8f60a1a6");

    @Autowired
    JdbcWalletSeedAdapter adapter;

    @Autowired
    JdbcClient jdbc;

    @Override
    protected WalletSeedPort seeds() {
        return adapter;
    }

    @Test
    void theSeedIsStoredSealed_neverAsItsWords() {
        String mnemonic = adapter.storeIfAbsent("first words of a mnemonic");

        byte[] row = storedRow();
        assertThat(row[0]).isEqualTo(AtRestCipher.VERSION);
        assertThat(new String(row, StandardCharsets.ISO_8859_1)).doesNotContain(mnemonic.split(" ")[0]);
    }

    @Test
    void aSeedStoredByTheOldCode_isReadWithTheSameNodeSecret_andResealedInTheCurrentFormat() {
        JdbcWalletSeedAdapter oldNode = new JdbcWalletSeedAdapter(jdbc, AtRestCipher.fromNodeSecret(OLD_NODE_SECRET));
        try {
            replaceRow(WRITTEN_BY_THE_OLD_CODE);

            assertThat(oldNode.load()).hasValue(OLD_MNEMONIC);
            assertThat(storedRow()[0]).isEqualTo(AtRestCipher.VERSION);
            assertThat(oldNode.load()).hasValue(OLD_MNEMONIC);
            assertThat(oldNode.storeIfAbsent("a fresh mnemonic")).isEqualTo(OLD_MNEMONIC);
        } finally {
            jdbc.sql("DELETE FROM wallet_seed").update();
        }
    }

    @Test
    void aSeedStoredByTheOldCode_failsLoudlyUnderAnotherNodeSecret_insteadOfStartingAnEmptyWallet() {
        try {
            replaceRow(WRITTEN_BY_THE_OLD_CODE);

            assertThatThrownBy(adapter::load)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("ROUTSTR_SECRET_KEY");
            assertThat(storedRow()).isEqualTo(WRITTEN_BY_THE_OLD_CODE);
        } finally {
            jdbc.sql("DELETE FROM wallet_seed").update();
        }
    }

    private void replaceRow(byte[] encrypted) {
        jdbc.sql("DELETE FROM wallet_seed").update();
        jdbc.sql("INSERT INTO wallet_seed (id, encrypted) VALUES (1, :seed)")
                .param("seed", encrypted)
                .update();
    }

    private byte[] storedRow() {
        return jdbc.sql("SELECT encrypted FROM wallet_seed WHERE id = 1")
                .query((rs, row) -> rs.getBytes(1))
                .single();
    }
}
