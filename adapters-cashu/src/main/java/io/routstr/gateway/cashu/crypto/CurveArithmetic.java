package io.routstr.gateway.cashu.crypto;

import java.math.BigInteger;
import org.bouncycastle.math.ec.ECPoint;

/**
 * The scalar multiplications and point decodings the wallet's hot path makes (blinding, unblinding, DLEQ checks), by
 * one of two implementations that give the same points: libsecp256k1 where its native build loads, BouncyCastle's
 * otherwise. Points go in and come out as BouncyCastle's, normalised; a result at infinity is BouncyCastle's infinity.
 * Scalars may be any non-negative value (reduced mod n).
 */
interface CurveArithmetic {

    /** A short name for the operator's log: which implementation runs. */
    String name();

    /** {@code k * G}. */
    ECPoint timesG(BigInteger k);

    /** {@code k * p}. */
    ECPoint times(ECPoint p, BigInteger k);

    /** {@code p + k * G}: a blinded message {@code Y + rG}. */
    ECPoint plusTimesG(ECPoint p, BigInteger k);

    /** {@code a * p + b * q}. */
    ECPoint sumOfTwoMultiplies(ECPoint p, BigInteger a, ECPoint q, BigInteger b);

    /** The point 33 SEC1 compressed bytes name; {@link IllegalArgumentException} when they name none. */
    ECPoint decodeCompressed(byte[] compressed);

    /**
     * The point with x-coordinate {@code x} (32 bytes, big-endian, below p) and even y, the point {@code 02 || x} names;
     * {@code null} when x³ + 7 is no square mod p (about half of all x): hash-to-curve tries x after x until one names a
     * point, so the miss is an answer, not an exception.
     */
    ECPoint evenPointAt(byte[] x);
}
