package io.routstr.gateway.cashu.crypto;

import io.routstr.gateway.domain.ecash.ProofDleq;
import java.math.BigInteger;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A NUT-12 discrete-log-equality proof {@code (e, s)} that the mint signed a blinded message with the private key
 * behind its public key. Both values are 256-bit big-endian numbers; {@code e} is a hash, so it may exceed the group
 * order.
 */
public record DleqProof(BigInteger e, BigInteger s) {

    private static final int BYTES = 32;

    public DleqProof {
        Objects.requireNonNull(e, "e");
        Objects.requireNonNull(s, "s");
        if (e.signum() < 0 || e.bitLength() > 8 * BYTES || s.signum() < 0 || s.bitLength() > 8 * BYTES) {
            throw new IllegalArgumentException("e and s are 32-byte unsigned numbers");
        }
    }

    public static DleqProof fromHex(String e, String s) {
        return new DleqProof(parse(e, "e"), parse(s, "s"));
    }

    /** The mint's part of a proof's DLEQ, without the wallet's blinding factor. */
    public static DleqProof of(ProofDleq dleq) {
        return fromHex(dleq.e(), dleq.s());
    }

    public String eHex() {
        return HexFormat.of().formatHex(Scalar.toFixedBytes(e));
    }

    public String sHex() {
        return HexFormat.of().formatHex(Scalar.toFixedBytes(s));
    }

    /** What a wallet attaches to a proof it passes on, so the receiver can check it offline (NUT-12, "Carol"). */
    public ProofDleq withBlindingFactor(Scalar r) {
        return new ProofDleq(eHex(), sHex(), r.toHex());
    }

    private static BigInteger parse(String hex, String name) {
        Objects.requireNonNull(hex, name);
        if (hex.length() != 2 * BYTES) {
            throw new IllegalArgumentException(name + " is 64 hex characters");
        }
        return new BigInteger(1, HexFormat.of().parseHex(hex));
    }
}
