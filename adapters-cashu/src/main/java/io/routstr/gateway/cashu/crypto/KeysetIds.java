package io.routstr.gateway.cashu.crypto;

import io.routstr.gateway.domain.ecash.KeysetId;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * Derives keyset ids from a mint's public keys (NUT-02), so a wallet can check that the keys a mint serves belong to
 * the id it names. Amounts are {@link BigInteger} because keysets may reach 2^63 (NUT-01 vectors).
 */
public final class KeysetIds {

    private KeysetIds() {}

    /** V1 (deprecated): {@code "00" + hex(SHA256(compressed keys in ascending amount order))[:14]}. */
    public static KeysetId v1(Map<BigInteger, CurvePoint> keys) {
        ByteArrayOutputStream concatenated = new ByteArrayOutputStream();
        sorted(keys).values().forEach(key -> concatenated.writeBytes(key.toCompressed()));
        String digest = HexFormat.of().formatHex(Hashes.sha256(concatenated.toByteArray()));
        return KeysetId.of("00" + digest.substring(0, 14));
    }

    /**
     * V2: {@code "01" + hex(SHA256("amount:key,...|unit:u[|input_fee_ppk:f][|final_expiry:t]"))}. A fee of 0 and an
     * expiry of 0 are left out of the preimage, as the NUT-02 reference code does.
     */
    public static KeysetId v2(
            Map<BigInteger, CurvePoint> keys, CurrencyUnit unit, long inputFeePpk, OptionalLong finalExpiry) {
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(finalExpiry, "final expiry");
        if (inputFeePpk < 0) {
            throw new IllegalArgumentException("input_fee_ppk is not negative");
        }
        StringJoiner pairs = new StringJoiner(",");
        sorted(keys).forEach((amount, key) -> pairs.add(amount + ":" + key.toHex()));
        StringBuilder preimage =
                new StringBuilder(pairs.toString()).append("|unit:").append(unit.code());
        if (inputFeePpk != 0) {
            preimage.append("|input_fee_ppk:").append(inputFeePpk);
        }
        if (finalExpiry.isPresent() && finalExpiry.getAsLong() != 0) {
            preimage.append("|final_expiry:").append(finalExpiry.getAsLong());
        }
        byte[] digest = Hashes.sha256(preimage.toString().getBytes(StandardCharsets.UTF_8));
        return KeysetId.of("01" + HexFormat.of().formatHex(digest));
    }

    /**
     * True if {@code claimed} is the id these keys and metadata derive to, by the derivation its version byte names.
     * Wallets should recompute ids and refuse keysets that do not match (NUT-02). A short id never matches.
     */
    public static boolean matches(
            KeysetId claimed,
            Map<BigInteger, CurvePoint> keys,
            CurrencyUnit unit,
            long inputFeePpk,
            OptionalLong finalExpiry) {
        if (claimed.isShort()) {
            return false;
        }
        KeysetId derived = claimed.version() == 0 ? v1(keys) : v2(keys, unit, inputFeePpk, finalExpiry);
        return derived.equals(claimed);
    }

    private static TreeMap<BigInteger, CurvePoint> sorted(Map<BigInteger, CurvePoint> keys) {
        Objects.requireNonNull(keys, "keys");
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("a keyset has at least one key");
        }
        TreeMap<BigInteger, CurvePoint> sorted = new TreeMap<>(keys);
        if (sorted.firstKey().signum() <= 0) {
            throw new IllegalArgumentException("keyset amounts are positive");
        }
        return sorted;
    }
}
