package io.routstr.gateway.cashu.token;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.routstr.gateway.cashu.crypto.CurvePoint;
import io.routstr.gateway.cashu.token.TokenFormatException.Reason;
import io.routstr.gateway.domain.ecash.KeysetId;
import io.routstr.gateway.domain.ecash.ProofDleq;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import java.io.IOException;
import java.math.BigInteger;
import java.util.HexFormat;
import java.util.Optional;

/** Field checks shared by the V3 and V4 readers, each failing with the {@link Reason} a client can act on. */
final class ProofFields {

    private static final BigInteger MAX_AMOUNT = BigInteger.valueOf(Long.MAX_VALUE);

    private final ObjectMapper json;

    ProofFields(ObjectMapper json) {
        this.json = json;
    }

    static JsonNode required(JsonNode parent, String name, String field) {
        JsonNode node = parent.get(name);
        if (node == null || node.isNull()) {
            throw new TokenFormatException(Reason.MISSING_FIELD, field);
        }
        return node;
    }

    static JsonNode object(JsonNode node, String field) {
        if (!node.isObject()) {
            throw new TokenFormatException(Reason.WRONG_TYPE, field);
        }
        return node;
    }

    static JsonNode array(JsonNode node, String field) {
        if (!node.isArray()) {
            throw new TokenFormatException(Reason.WRONG_TYPE, field);
        }
        return node;
    }

    static String text(JsonNode node, String field) {
        if (!node.isTextual()) {
            throw new TokenFormatException(Reason.WRONG_TYPE, field);
        }
        String text = node.textValue();
        // JSON escapes can smuggle in lone surrogates, which have no UTF-8 form: the mint could not hash such a
        // secret, and the token could not be re-encoded unchanged.
        if (!isWellFormedUtf16(text)) {
            throw new TokenFormatException(Reason.MALFORMED, field);
        }
        return text;
    }

    private static boolean isWellFormedUtf16(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** An optional text field: absent and JSON {@code null} both mean "not given". */
    static Optional<String> optionalText(JsonNode parent, String name, String field) {
        JsonNode node = parent.get(name);
        return node == null || node.isNull() ? Optional.empty() : Optional.of(text(node, field));
    }

    static byte[] bytes(JsonNode node, String field) {
        // A CBOR text string would also answer binaryValue() by base64-decoding itself; V4 demands a byte string.
        if (!node.isBinary()) {
            throw new TokenFormatException(Reason.WRONG_TYPE, field);
        }
        try {
            return node.binaryValue();
        } catch (IOException e) {
            throw new TokenFormatException(Reason.WRONG_TYPE, field);
        }
    }

    static long amount(JsonNode node, String field) {
        if (!node.isIntegralNumber()) {
            throw new TokenFormatException(Reason.WRONG_TYPE, field);
        }
        BigInteger amount = node.bigIntegerValue();
        if (amount.signum() <= 0) {
            throw new TokenFormatException(Reason.ZERO_AMOUNT, field);
        }
        // Keysets may hold a 2^63 denomination (NUT-01), but the gateway accounts in longs; such notes are refused.
        if (amount.compareTo(MAX_AMOUNT) > 0) {
            throw new TokenFormatException(Reason.AMOUNT_TOO_LARGE, field);
        }
        return amount.longValueExact();
    }

    static MintUrl mint(String text, String field) {
        try {
            return MintUrl.of(text);
        } catch (IllegalArgumentException e) {
            throw new TokenFormatException(Reason.BAD_MINT_URL, field);
        }
    }

    static CurrencyUnit unit(String text, String field) {
        try {
            return CurrencyUnit.of(text);
        } catch (IllegalArgumentException e) {
            throw new TokenFormatException(Reason.BAD_UNIT, field);
        }
    }

    static KeysetId keysetId(String hex, String field) {
        try {
            return KeysetId.of(hex);
        } catch (IllegalArgumentException e) {
            throw new TokenFormatException(Reason.BAD_KEYSET_ID, field);
        }
    }

    static KeysetId keysetId(byte[] bytes, String field) {
        return keysetId(HexFormat.of().formatHex(bytes), field);
    }

    static byte[] hex(String text, String field) {
        try {
            return HexFormat.of().parseHex(text);
        } catch (IllegalArgumentException e) {
            throw new TokenFormatException(Reason.BAD_HEX, field);
        }
    }

    /** {@code C} must decode to a point on the curve, or the mint would reject the proof after we accepted it. */
    static String signature(byte[] compressed, String field) {
        if (compressed.length != 33) {
            throw new TokenFormatException(Reason.BAD_POINT, field);
        }
        try {
            return CurvePoint.fromCompressed(compressed).toHex();
        } catch (IllegalArgumentException e) {
            throw new TokenFormatException(Reason.BAD_POINT, field);
        }
    }

    static ProofDleq dleq(byte[] e, byte[] s, byte[] r, String field) {
        if (e.length != 32 || s.length != 32 || r.length != 32) {
            throw new TokenFormatException(Reason.BAD_DLEQ, field);
        }
        HexFormat hex = HexFormat.of();
        return new ProofDleq(hex.formatHex(e), hex.formatHex(s), hex.formatHex(r));
    }

    /**
     * The secret, unchanged, unless it is empty or a NUT-10 well-known secret ({@code ["P2PK", {...}]}, {@code
     * ["HTLC", {...}]}, ...): spending those needs a witness the gateway cannot produce, so the swap would fail.
     */
    String secret(String secret, String field) {
        if (secret.isEmpty()) {
            throw new TokenFormatException(Reason.BAD_SECRET, field);
        }
        if (isNut10(secret)) {
            throw new TokenFormatException(Reason.LOCKED_SECRET, field);
        }
        return secret;
    }

    private boolean isNut10(String secret) {
        if (!secret.strip().startsWith("[")) {
            return false;
        }
        try {
            JsonNode parsed = json.readTree(secret);
            return parsed != null
                    && parsed.isArray()
                    && !parsed.isEmpty()
                    && parsed.get(0).isTextual();
        } catch (IOException | RuntimeException notJson) {
            // Not JSON, so the mint treats it as a plain secret too.
            return false;
        }
    }
}
