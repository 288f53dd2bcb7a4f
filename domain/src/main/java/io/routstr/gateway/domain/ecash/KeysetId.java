package io.routstr.gateway.domain.ecash;

import io.routstr.gateway.domain.LowercaseHex;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Identifier of a mint keyset (NUT-02), as lowercase hex.
 *
 * <p>Three shapes are valid: a V1 id ({@code 00} + 14 hex, 8 bytes), a full V2 id ({@code 01} + 64 hex, 33 bytes) and
 * the short form of a V2 id (its first 8 bytes), which NUT-00 allows in V4 tokens and which must be resolved against
 * the mint's keysets before the proofs are used. Legacy base64 ids from mints before NUT-02 V1 are not accepted.
 */
public record KeysetId(String value) {

    private static final int SHORT_HEX_LENGTH = 16;

    public KeysetId {
        Objects.requireNonNull(value, "keyset id");
        value = value.toLowerCase(Locale.ROOT);
        if (!(LowercaseHex.isPrefixed(value, "00", 14)
                || LowercaseHex.isPrefixed(value, "01", 64)
                || LowercaseHex.isPrefixed(value, "01", 14))) {
            throw new IllegalArgumentException(
                    "a keyset id is '00' + 14 hex (V1), '01' + 64 hex (V2) or '01' + 14 hex (short V2)");
        }
    }

    public static KeysetId of(String hex) {
        return new KeysetId(hex);
    }

    public static KeysetId fromBytes(byte[] bytes) {
        return new KeysetId(HexFormat.of().formatHex(bytes));
    }

    public byte[] toBytes() {
        return HexFormat.of().parseHex(value);
    }

    /** The version byte: 0 for V1, 1 for V2 (full or short). */
    public int version() {
        return value.startsWith("00") ? 0 : 1;
    }

    /** True for an 8-byte V2 prefix, which names a keyset only once resolved against the mint (NUT-00 V4). */
    public boolean isShort() {
        return version() == 1 && value.length() == SHORT_HEX_LENGTH;
    }

    /** The first 8 bytes; a V1 id and a short id are their own short form. */
    public KeysetId shortForm() {
        return value.length() == SHORT_HEX_LENGTH ? this : new KeysetId(value.substring(0, SHORT_HEX_LENGTH));
    }

    /** True if this id is {@code full} itself or its short form: how a short id is resolved (NUT-00 V4). */
    public boolean abbreviates(KeysetId full) {
        return full.value.startsWith(value) && (value.length() == full.value.length() || isShort());
    }

    /** Looks this id up among a mint's full keyset ids; see {@link KeysetResolution}. */
    public KeysetResolution resolveAmong(List<KeysetId> mintKeysets) {
        return KeysetResolution.of(this, mintKeysets);
    }

    @Override
    public String toString() {
        return value;
    }
}
