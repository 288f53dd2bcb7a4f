package io.routstr.gateway.persistence.wallet;

import io.routstr.gateway.application.port.out.WalletSeedPort;
import io.routstr.gateway.persistence.secret.AtRestCipher;
import io.routstr.gateway.persistence.secret.AtRestCipher.Purpose;
import io.routstr.gateway.persistence.secret.SealedSecretRow;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The wallet seed on PostgreSQL, one row sealed by the node's {@link AtRestCipher} under the seed's purpose. A seed
 * sealed before per-purpose keys (version byte 1, the SHA-256 of the node secret as key) is read and re-sealed in the
 * new format by a compare-and-set, so that a restart of any instance finds one seed in one format.
 */
@Component
class JdbcWalletSeedAdapter implements WalletSeedPort {

    private static final byte LEGACY_VERSION = 1;
    private static final byte[] LEGACY_CONTEXT = "routstr-wallet-seed-v1".getBytes(StandardCharsets.US_ASCII);

    private final SealedSecretRow row;
    private final AtRestCipher cipher;

    JdbcWalletSeedAdapter(JdbcClient jdbc, AtRestCipher cipher) {
        this.row = new SealedSecretRow(jdbc, cipher, Purpose.WALLET_SEED, "wallet_seed");
        this.cipher = cipher;
    }

    @Override
    public Optional<String> load() {
        return row.stored().map(this::open);
    }

    @Override
    public String storeIfAbsent(String mnemonic) {
        return open(row.storeIfAbsent(mnemonic.getBytes(StandardCharsets.UTF_8)));
    }

    private String open(byte[] stored) {
        if (AtRestCipher.isSealed(stored)) {
            return new String(row.open(stored), StandardCharsets.UTF_8);
        }
        if (stored.length == 0 || stored[0] != LEGACY_VERSION) {
            throw new IllegalStateException("the stored wallet seed is not in a format this node reads");
        }
        byte[] plain = cipher.openLegacy(LEGACY_CONTEXT, stored, 1);
        row.replace(stored, plain);
        return new String(plain, StandardCharsets.UTF_8);
    }
}
