package io.routstr.gateway.application.contract;

import io.routstr.gateway.application.port.out.WalletProofStorePort.NewProof;
import io.routstr.gateway.domain.ecash.KeysetId;
import io.routstr.gateway.domain.ecash.Proof;
import io.routstr.gateway.domain.mint.MintUrl;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.UUID;

/** Test data for the wallet contracts: random points and ids, so tests sharing one database never collide. */
public final class WalletFixtures {

    private static final SecureRandom RANDOM = new SecureRandom();

    private WalletFixtures() {}

    public static MintUrl aMint() {
        return MintUrl.of("https://mint-" + UUID.randomUUID() + ".test");
    }

    public static KeysetId aKeyset() {
        return KeysetId.of("00" + hex(7).substring(0, 14));
    }

    /** A stand-in for a compressed point: the stores check its shape only. */
    public static String aPoint() {
        return "02" + hex(32);
    }

    public static NewProof aProof(KeysetId keyset, long amount) {
        return new NewProof(Proof.of(amount, keyset, hex(32), aPoint()), aPoint());
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
