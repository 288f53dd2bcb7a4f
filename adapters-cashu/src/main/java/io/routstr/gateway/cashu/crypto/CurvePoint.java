package io.routstr.gateway.cashu.crypto;

import java.util.HexFormat;
import java.util.Objects;
import org.bouncycastle.math.ec.ECPoint;

/**
 * A secp256k1 point other than infinity: a mint public key {@code K}, a blinded message {@code B_}, a blind signature
 * {@code C_} or an unblinded signature {@code C}. On the wire it is SEC1 compressed (33 bytes, NUT-00).
 */
public record CurvePoint(ECPoint point) {

    private static final int COMPRESSED_BYTES = 33;

    public CurvePoint {
        Objects.requireNonNull(point, "point");
        if (point.isInfinity()) {
            throw new IllegalArgumentException("the point at infinity has no encoding");
        }
        point = point.normalize();
    }

    /** Parses a SEC1 compressed point; uncompressed keys are refused as NUT-01 requires. */
    public static CurvePoint fromHex(String hex) {
        Objects.requireNonNull(hex, "point hex");
        if (hex.length() != 2 * COMPRESSED_BYTES) {
            throw new IllegalArgumentException("a compressed point is 66 hex characters");
        }
        return fromCompressed(HexFormat.of().parseHex(hex));
    }

    /** Parses 33 SEC1 compressed bytes, checking that they name a point on the curve. */
    public static CurvePoint fromCompressed(byte[] bytes) {
        if (bytes.length != COMPRESSED_BYTES || (bytes[0] != 0x02 && bytes[0] != 0x03)) {
            throw new IllegalArgumentException("a compressed point is 33 bytes starting 02 or 03");
        }
        return new CurvePoint(Secp256k1.decodeCompressed(bytes));
    }

    public byte[] toCompressed() {
        return point.getEncoded(true);
    }

    public String toHex() {
        return HexFormat.of().formatHex(toCompressed());
    }

    /** The 65-byte SEC1 uncompressed form, as NUT-12 hashes and the deterministic DLEQ nonce use it. */
    public byte[] toUncompressed() {
        return point.getEncoded(false);
    }

    CurvePoint minus(CurvePoint other) {
        return new CurvePoint(point.subtract(other.point));
    }

    CurvePoint times(Scalar scalar) {
        return new CurvePoint(Secp256k1.times(point, scalar.value()));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CurvePoint that && point.equals(that.point);
    }

    @Override
    public int hashCode() {
        return point.hashCode();
    }

    @Override
    public String toString() {
        return toHex();
    }
}
