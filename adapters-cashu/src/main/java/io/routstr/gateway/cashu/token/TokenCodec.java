package io.routstr.gateway.cashu.token;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import io.routstr.gateway.cashu.token.TokenFormatException.Reason;
import io.routstr.gateway.domain.ecash.EcashToken;
import io.routstr.gateway.domain.ecash.Proof;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads and writes serialised Cashu tokens (NUT-00): V3 {@code cashuA} + base64url(JSON) and V4 {@code cashuB} +
 * base64url(CBOR), plus the raw binary V4 form. Decoding turns every malformed input into a
 * {@link TokenFormatException}; nothing else escapes. Thread-safe.
 */
public final class TokenCodec {

    /** Generous for a header or a JSON body field: about 2,000 proofs in V4. */
    public static final int MAX_TOKEN_CHARS = 256 * 1024;

    private static final String V3_PREFIX = "cashuA";
    private static final String V4_PREFIX = "cashuB";
    private static final byte[] RAW_V4_PREFIX = "crawB".getBytes(StandardCharsets.US_ASCII);
    private static final List<String> URI_SCHEMES = List.of("web+cashu://", "cashu://", "cashu:");

    /** Tokens nest six levels deep; the cap keeps hostile nesting from exhausting the stack. */
    private static final int MAX_NESTING = 16;

    private final TokenV3Format v3;
    private final TokenV4Format v4;

    public TokenCodec() {
        StreamReadConstraints constraints =
                StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build();
        ObjectMapper json = JsonMapper.builder(JsonFactory.builder()
                        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                        .streamReadConstraints(constraints)
                        .build())
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .build();
        CBORFactory cborFactory = CBORFactory.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .streamReadConstraints(constraints)
                .build();
        ObjectMapper cbor = CBORMapper.builder(cborFactory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .build();
        ProofFields fields = new ProofFields(json);
        this.v3 = new TokenV3Format(json, fields);
        this.v4 = new TokenV4Format(cbor, cborFactory, fields);
    }

    /**
     * Parses a {@code cashuA…} or {@code cashuB…} token, also inside a {@code cashu:} URI, ignoring whitespace and
     * accepting base64 with or without padding and in either alphabet (older wallets wrote standard base64).
     *
     * @throws TokenFormatException for every input that is not a single-mint token of positive, unlocked proofs
     */
    public EcashToken decode(String token) {
        try {
            return decodeChecked(token);
        } catch (TokenFormatException e) {
            throw e;
        } catch (RuntimeException unexpected) {
            // A parser bug must not turn hostile input into a 500 or leak the input through its message.
            throw new TokenFormatException(Reason.MALFORMED);
        }
    }

    /** Parses the binary V4 form {@code "craw" || "B" || cbor} used over NFC and similar transports (NUT-00). */
    public EcashToken decodeRaw(byte[] raw) {
        try {
            if (raw == null
                    || raw.length <= RAW_V4_PREFIX.length
                    || !Arrays.equals(raw, 0, RAW_V4_PREFIX.length, RAW_V4_PREFIX, 0, RAW_V4_PREFIX.length)) {
                throw new TokenFormatException(Reason.BAD_PREFIX);
            }
            if (raw.length > MAX_TOKEN_CHARS) {
                throw new TokenFormatException(Reason.TOO_LONG);
            }
            return v4.read(Arrays.copyOfRange(raw, RAW_V4_PREFIX.length, raw.length));
        } catch (TokenFormatException e) {
            throw e;
        } catch (RuntimeException unexpected) {
            throw new TokenFormatException(Reason.MALFORMED);
        }
    }

    /** The default encoding: V4, what current wallets expect. */
    public String encode(EcashToken token) {
        return encodeV4(token);
    }

    /**
     * {@code cashuB} + unpadded base64url of definite-length CBOR. Keyset ids are written as held (short or full);
     * proofs are grouped by keyset in first-seen order, as V4 requires, so interleaved keysets come back regrouped.
     */
    public String encodeV4(EcashToken token) {
        Objects.requireNonNull(token, "token");
        return V4_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(v4.write(token));
    }

    /** The binary V4 form {@code "crawB" || cbor}. */
    public byte[] encodeV4Raw(EcashToken token) {
        Objects.requireNonNull(token, "token");
        byte[] cbor = v4.write(token);
        byte[] raw = Arrays.copyOf(RAW_V4_PREFIX, RAW_V4_PREFIX.length + cbor.length);
        System.arraycopy(cbor, 0, raw, RAW_V4_PREFIX.length, cbor.length);
        return raw;
    }

    /** {@code cashuA} + unpadded base64url of compact JSON, for wallets that only read V3. */
    public String encodeV3(EcashToken token) {
        Objects.requireNonNull(token, "token");
        return V3_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(v3.write(token));
    }

    private EcashToken decodeChecked(String input) {
        if (input == null) {
            throw new TokenFormatException(Reason.BAD_PREFIX);
        }
        if (input.length() > MAX_TOKEN_CHARS) {
            throw new TokenFormatException(Reason.TOO_LONG);
        }
        String token = withoutUriScheme(withoutWhitespace(input));
        if (token.startsWith(V4_PREFIX)) {
            return v4.read(base64(token.substring(V4_PREFIX.length())));
        }
        if (token.startsWith(V3_PREFIX)) {
            return v3.read(base64(token.substring(V3_PREFIX.length())));
        }
        throw new TokenFormatException(Reason.BAD_PREFIX);
    }

    static EcashToken token(MintUrl mint, CurrencyUnit unit, Optional<String> memo, List<Proof> proofs) {
        try {
            return new EcashToken(mint, unit, memo, proofs);
        } catch (IllegalArgumentException overflow) {
            // The readers have already checked everything else; only the sum can still be out of range.
            throw new TokenFormatException(Reason.AMOUNT_TOO_LARGE);
        }
    }

    private static String withoutWhitespace(String text) {
        StringBuilder kept = new StringBuilder(text.length());
        text.codePoints().filter(c -> !Character.isWhitespace(c)).forEach(kept::appendCodePoint);
        return kept.toString();
    }

    private static String withoutUriScheme(String token) {
        String lower = token.toLowerCase(Locale.ROOT);
        for (String scheme : URI_SCHEMES) {
            if (lower.startsWith(scheme)) {
                return token.substring(scheme.length());
            }
        }
        return token;
    }

    /** NUT-00 says base64url with optional padding; older wallets wrote {@code +} and {@code /}, so map them. */
    private static byte[] base64(String payload) {
        if (payload.isEmpty()) {
            throw new TokenFormatException(Reason.BAD_ENCODING);
        }
        try {
            return Base64.getUrlDecoder().decode(payload.replace('+', '-').replace('/', '_'));
        } catch (IllegalArgumentException e) {
            throw new TokenFormatException(Reason.BAD_ENCODING);
        }
    }
}
