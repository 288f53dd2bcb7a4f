package io.routstr.gateway.cashu.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import io.routstr.gateway.cashu.crypto.Bdhke;
import io.routstr.gateway.cashu.token.TokenFormatException.Reason;
import io.routstr.gateway.domain.ecash.EcashToken;
import io.routstr.gateway.domain.ecash.KeysetId;
import io.routstr.gateway.domain.ecash.Proof;
import io.routstr.gateway.domain.ecash.ProofDleq;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** NUT-00 token vectors (tests/00-tests.md, derived D4) and every way a token can be malformed. */
class TokenCodecTest {

    private static final TokenCodec CODEC = new TokenCodec();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper CBOR = new CBORMapper();

    private static final String SECRET = "407915bc212be61a77e3e6d2aeb4c727980bda51cd06a6afc29e2861768a7837";
    private static final String C = "02bc9097997d81afb2cc7346b5e4345a9346bd2a506eb7958598a72f0cf85163ea";
    private static final String SCALAR = "a6d13fcd7a18442e6076f5e1e7c887ad5de40a019824bdfa9fe740d302e8d861";

    // --- official vectors -------------------------------------------------------------------------------------

    @Test
    void decodesTheV3Vector() {
        EcashToken token = CODEC.decode(TokenVectors.V3);

        assertThat(token.mint()).isEqualTo(MintUrl.of("https://8333.space:3338"));
        assertThat(token.unit()).isEqualTo(CurrencyUnit.SAT);
        assertThat(token.memo()).contains("Thank you.");
        assertThat(token.amount()).isEqualTo(10);
        assertThat(token.proofs())
                .containsExactly(
                        Proof.of(2, KeysetId.of("009a1f293253e41e"), SECRET, C),
                        Proof.of(
                                8,
                                KeysetId.of("009a1f293253e41e"),
                                "fe15109314e61d7756b0f8ee0f23a624acaa3f4e042f61433c728c7057b931be",
                                "029e8e5050b890a7d6c0968db16bc1d5d5fa040ea1de284f6ec69d61299f671059"));
    }

    @Test
    void encodesTheV3VectorByteForByte() {
        assertThat(CODEC.encodeV3(CODEC.decode(TokenVectors.V3))).isEqualTo(TokenVectors.V3);
    }

    @Test
    void rejectsTheV3VectorWithAMisspelledPrefix() {
        assertThat(reasonFor(TokenVectors.V3_BAD_PREFIX)).isEqualTo(Reason.BAD_PREFIX);
    }

    @Test
    void rejectsTheV3VectorWithoutPrefix() {
        assertThat(reasonFor(TokenVectors.V3_NO_PREFIX)).isEqualTo(Reason.BAD_PREFIX);
    }

    @Test
    void decodesV3TokensWithAndWithoutPadding() {
        EcashToken padded = CODEC.decode(TokenVectors.V3_PADDED);

        assertThat(CODEC.decode(TokenVectors.V3_UNPADDED)).isEqualTo(padded);
        assertThat(padded.memo()).contains("Thank you very much.");
    }

    @Test
    void decodesTheV4SingleKeysetVector() {
        EcashToken token = CODEC.decode(TokenVectors.V4_SINGLE_KEYSET);

        assertThat(token.mint()).isEqualTo(MintUrl.of("http://localhost:3338"));
        assertThat(token.unit()).isEqualTo(CurrencyUnit.SAT);
        assertThat(token.memo()).contains("Thank you");
        assertThat(token.proofs())
                .containsExactly(Proof.of(
                        1,
                        KeysetId.of("00ad268c4d1f5826"),
                        "9a6dbb847bd232ba76db0df197216b29d3b8cc14553cd27827fc1cc942fedb4e",
                        "038618543ffb6b8695df4ad4babcde92a34a96bdcd97dcee0d7ccf98d472126792"));
    }

    @Test
    void reEncodesTheV4SingleKeysetVectorByteForByte() {
        String unpadded = TokenVectors.V4_SINGLE_KEYSET.replace("=", "");

        assertThat(CODEC.encodeV4(CODEC.decode(TokenVectors.V4_SINGLE_KEYSET))).isEqualTo(unpadded);
    }

    @Test
    void decodesTheV4MultipleKeysetVectorInOrder() {
        EcashToken token = CODEC.decode(TokenVectors.V4_MULTIPLE_KEYSETS);

        assertThat(token.memo()).isEmpty();
        assertThat(token.proofs()).extracting(Proof::amount).containsExactly(1L, 2L, 1L);
        assertThat(token.keysetIds()).containsExactly(KeysetId.of("00ffd48b8f5ecf80"), KeysetId.of("00ad268c4d1f5826"));
    }

    @Test
    void reEncodesTheV4MultipleKeysetVectorByteForByte() {
        assertThat(CODEC.encodeV4(CODEC.decode(TokenVectors.V4_MULTIPLE_KEYSETS)))
                .isEqualTo(TokenVectors.V4_MULTIPLE_KEYSETS);
    }

    @Test
    void decodesAndEncodesTheRawBinaryVector() {
        byte[] raw = HexFormat.of().parseHex(TokenVectors.V4_RAW_HEX);

        EcashToken token = CODEC.decodeRaw(raw);

        assertThat(token).isEqualTo(CODEC.decode(TokenVectors.V4_SINGLE_KEYSET));
        assertThat(CODEC.encodeV4Raw(token)).isEqualTo(raw);
    }

    @Test
    void acceptsIndefiniteLengthCborButWritesDefiniteLength() {
        EcashToken token = CODEC.decode(TokenVectors.V4_INDEFINITE_LENGTH);

        assertThat(token).isEqualTo(CODEC.decode(TokenVectors.V4_SINGLE_KEYSET));
        byte[] cbor = Base64.getUrlDecoder().decode(CODEC.encodeV4(token).substring(6));
        assertThat(cbor[0] & 0xff).as("definite-length map of 4").isEqualTo(0xa4);
    }

    // --- keyset ids, DLEQ, witness --------------------------------------------------------------------------

    @Test
    void decodesV4TokenWithShortKeysetId() {
        KeysetId shortId = KeysetId.of("015ba18a8adcd02e");
        EcashToken token = EcashToken.of(
                MintUrl.of("https://mint.example.com"), CurrencyUnit.SAT, List.of(Proof.of(4, shortId, SECRET, C)));

        EcashToken decoded = CODEC.decode(CODEC.encodeV4(token));

        assertThat(decoded.proofs().get(0).keysetId()).isEqualTo(shortId);
        assertThat(decoded.hasShortKeysetIds()).isTrue();
    }

    @Test
    void roundTripsFullV2KeysetIdsDleqAndWitnessInBothVersions() {
        Proof proof = new Proof(
                16,
                KeysetId.of("015ba18a8adcd02e715a58358eb618da4a4b3791151a4bee5e968bb88406ccf76a"),
                SECRET,
                C,
                Optional.of("{\"signatures\":[]}"),
                Optional.of(new ProofDleq(SCALAR, SCALAR, SCALAR)));
        EcashToken token = new EcashToken(
                MintUrl.of("https://mint.example.com"), CurrencyUnit.MSAT, Optional.of("change"), List.of(proof));

        assertThat(CODEC.decode(CODEC.encodeV4(token))).isEqualTo(token);
        assertThat(CODEC.decode(CODEC.encodeV3(token))).isEqualTo(token);
        assertThat(CODEC.decodeRaw(CODEC.encodeV4Raw(token))).isEqualTo(token);
    }

    @Test
    void aTokenWithoutItsDleqProofs_isTheSameProofsInAboutHalfTheLength() {
        // What the X-Cashu header carries when change with the mint's DLEQ proofs is too long for the headers.
        List<Proof> proofs = new java.util.ArrayList<>();
        for (int i = 0; i < 30; i++) {
            proofs.add(Proof.of(1L << i, KeysetId.of("009a1f293253e41e"), SECRET.substring(2) + "%02x".formatted(i), C)
                    .withDleq(new ProofDleq(SCALAR, SCALAR, SCALAR)));
        }
        EcashToken change = EcashToken.of(MintUrl.of("https://mint.example.com"), CurrencyUnit.SAT, proofs);

        String whole = CODEC.encode(change);
        String withoutDleq = CODEC.encode(change.withoutDleq());

        EcashToken read = CODEC.decode(withoutDleq);
        assertThat(read.hasDleq()).isFalse();
        assertThat(read).isEqualTo(change.withoutDleq());
        assertThat(read.amount()).isEqualTo(change.amount());
        assertThat(whole.length()).as("about 300 characters a proof").isBetween(30 * 280, 30 * 310);
        assertThat(withoutDleq.length()).as("about 150 characters a proof").isBetween(30 * 140, 30 * 160);
    }

    @Test
    void writesLongStringsAsDefiniteLengthCbor() {
        String memo = "m".repeat(10_000);
        EcashToken token = new EcashToken(
                MintUrl.of("https://mint.example.com"),
                CurrencyUnit.SAT,
                Optional.of(memo),
                List.of(Proof.of(1, KeysetId.of("009a1f293253e41e"), SECRET, C)));

        byte[] cbor = Base64.getUrlDecoder().decode(CODEC.encodeV4(token).substring(6));

        assertThat(HexFormat.of().formatHex(cbor)).contains("616479" + "2710").doesNotContain("617f");
        assertThat(CODEC.decode(CODEC.encodeV4(token)).memo()).contains(memo);
    }

    @Test
    void defaultEncodingIsV4() {
        EcashToken token = CODEC.decode(TokenVectors.V3);

        assertThat(CODEC.encode(token)).startsWith("cashuB").isEqualTo(CODEC.encodeV4(token));
    }

    // --- lenient input forms ----------------------------------------------------------------------------------

    @Test
    void ignoresWhitespaceInsideAndAroundTheToken() {
        String spaced = "  " + TokenVectors.V4_MULTIPLE_KEYSETS.substring(0, 40) + "\n\t"
                + TokenVectors.V4_MULTIPLE_KEYSETS.substring(40) + "\r\n";

        assertThat(CODEC.decode(spaced)).isEqualTo(CODEC.decode(TokenVectors.V4_MULTIPLE_KEYSETS));
    }

    @Test
    void acceptsCashuUriForms() {
        EcashToken expected = CODEC.decode(TokenVectors.V4_SINGLE_KEYSET);

        assertThat(CODEC.decode("cashu:" + TokenVectors.V4_SINGLE_KEYSET)).isEqualTo(expected);
        assertThat(CODEC.decode("web+cashu://" + TokenVectors.V4_SINGLE_KEYSET)).isEqualTo(expected);
    }

    @Test
    void acceptsStandardBase64AlphabetFromOlderWallets() {
        String standard = TokenVectors.V4_MULTIPLE_KEYSETS.replace('-', '+').replace('_', '/');

        assertThat(standard).contains("+").contains("/");
        assertThat(CODEC.decode(standard)).isEqualTo(CODEC.decode(TokenVectors.V4_MULTIPLE_KEYSETS));
    }

    @Test
    void defaultsAMissingV3UnitToSat() {
        ObjectNode root = v3Root();
        root.remove("unit");

        assertThat(CODEC.decode(v3(root)).unit()).isEqualTo(CurrencyUnit.SAT);
    }

    @Test
    void mergesV3EntriesOfTheSameMint() {
        ObjectNode root = v3Root();
        ObjectNode second = root.withArray("token").addObject();
        second.put("mint", "https://8333.space:3338/");
        second.putArray("proofs").addObject().setAll(proofJson());

        assertThat(CODEC.decode(v3(root)).proofs()).hasSize(2);
    }

    @Test
    void ignoresUnknownFields() {
        ObjectNode root = v3Root();
        root.put("future", 1);
        ((ObjectNode) root.withArray("token").get(0)).put("extra", "x");

        assertThat(CODEC.decode(v3(root)).amount()).isEqualTo(2);
    }

    // --- malformed input --------------------------------------------------------------------------------------

    @Test
    void rejectsNullEmptyAndUnknownPrefixes() {
        assertThat(reasonFor(null)).isEqualTo(Reason.BAD_PREFIX);
        assertThat(reasonFor("")).isEqualTo(Reason.BAD_PREFIX);
        assertThat(reasonFor("cashuC" + TokenVectors.V4_SINGLE_KEYSET.substring(6)))
                .isEqualTo(Reason.BAD_PREFIX);
        assertThat(reasonFor("CASHUB" + TokenVectors.V4_SINGLE_KEYSET.substring(6)))
                .isEqualTo(Reason.BAD_PREFIX);
        assertThat(reasonFor("creqApWF0gaNhdGVub3N0cmFheKlucHJvZmlsZTFxeTI4")).isEqualTo(Reason.BAD_PREFIX);
    }

    @Test
    void rejectsInvalidBase64() {
        assertThat(reasonFor("cashuB")).isEqualTo(Reason.BAD_ENCODING);
        assertThat(reasonFor("cashuB!!!!")).isEqualTo(Reason.BAD_ENCODING);
        assertThat(reasonFor("cashuBpGF0g")).isEqualTo(Reason.BAD_ENCODING);
    }

    @Test
    void rejectsPayloadsThatAreNotJsonOrCbor() {
        assertThat(reasonFor("cashuA" + b64("{\"token\": [".getBytes(StandardCharsets.UTF_8))))
                .isEqualTo(Reason.MALFORMED);
        assertThat(reasonFor("cashuA" + b64("{} {}".getBytes(StandardCharsets.UTF_8))))
                .isEqualTo(Reason.MALFORMED);
        assertThat(reasonFor("cashuB" + b64(new byte[] {(byte) 0xa4, 0x61}))).isEqualTo(Reason.MALFORMED);
        assertThat(reasonFor("cashuA" + b64("[1,2]".getBytes(StandardCharsets.UTF_8))))
                .isEqualTo(Reason.WRONG_TYPE);
    }

    @Test
    void rejectsDuplicateKeysRatherThanPickingOne() {
        String json = "{\"token\":[],\"token\":[]}";

        assertThat(reasonFor("cashuA" + b64(json.getBytes(StandardCharsets.UTF_8))))
                .isEqualTo(Reason.MALFORMED);
    }

    @Test
    void rejectsMissingFields() {
        ObjectNode noMint = v4Root();
        noMint.remove("m");
        ObjectNode noSecret = v3Root();
        proofOf(noSecret).remove("secret");

        assertThat(reasonFor(v4(noMint))).isEqualTo(Reason.MISSING_FIELD);
        assertThat(reasonFor(v3(noSecret))).isEqualTo(Reason.MISSING_FIELD);
    }

    @Test
    void rejectsFieldsOfTheWrongType() {
        ObjectNode textAmount = v3Root();
        proofOf(textAmount).put("amount", "2");
        ObjectNode fractionalAmount = v3Root();
        proofOf(fractionalAmount).put("amount", 2.5);
        ObjectNode hexKeysetInV4 = v4Root();
        ((ObjectNode) hexKeysetInV4.withArray("t").get(0)).put("i", "00ad268c4d1f5826");

        assertThat(reasonFor(v3(textAmount))).isEqualTo(Reason.WRONG_TYPE);
        assertThat(reasonFor(v3(fractionalAmount))).isEqualTo(Reason.WRONG_TYPE);
        assertThat(reasonFor(v4(hexKeysetInV4))).isEqualTo(Reason.WRONG_TYPE);
    }

    @Test
    void rejectsZeroAndNegativeAmounts() {
        ObjectNode zero = v3Root();
        proofOf(zero).put("amount", 0);
        ObjectNode negative = v4Root();
        proofOfV4(negative).put("a", -1);

        assertThat(reasonFor(v3(zero))).isEqualTo(Reason.ZERO_AMOUNT);
        assertThat(reasonFor(v4(negative))).isEqualTo(Reason.ZERO_AMOUNT);
    }

    @Test
    void rejectsAmountsBeyondALong() {
        // The single-keyset vector with a = 2^63 as a CBOR uint64 (0x1b 8000000000000000) instead of 1.
        String raw = TokenVectors.V4_RAW_HEX.substring(10).replace("a3616101", "a361611b8000000000000000");
        ObjectNode overflowingSum = v3Root();
        ArrayNode proofs = (ArrayNode) overflowingSum.withArray("token").get(0).get("proofs");
        proofOf(overflowingSum).put("amount", Long.MAX_VALUE);
        proofs.addObject().setAll(proofJson());

        assertThat(reasonFor("cashuB" + b64(HexFormat.of().parseHex(raw)))).isEqualTo(Reason.AMOUNT_TOO_LARGE);
        assertThat(reasonFor(v3(overflowingSum))).isEqualTo(Reason.AMOUNT_TOO_LARGE);
    }

    @Test
    void rejectsTokensWithoutProofs() {
        ObjectNode noEntries = v3Root();
        noEntries.putArray("token");
        ObjectNode noProofs = v4Root();
        ((ObjectNode) noProofs.withArray("t").get(0)).putArray("p");

        assertThat(reasonFor(v3(noEntries))).isEqualTo(Reason.EMPTY_TOKEN);
        assertThat(reasonFor(v4(noProofs))).isEqualTo(Reason.EMPTY_TOKEN);
    }

    @Test
    void rejectsV3TokensFromMoreThanOneMint() {
        ObjectNode root = v3Root();
        ObjectNode second = root.withArray("token").addObject();
        second.put("mint", "https://other.example.com");
        second.putArray("proofs").addObject().setAll(proofJson());

        assertThat(reasonFor(v3(root))).isEqualTo(Reason.MULTIPLE_MINTS);
    }

    @Test
    void rejectsBadMintUrlsAndUnits() {
        ObjectNode ftp = v4Root();
        ftp.put("m", "ftp://mint.example.com");
        ObjectNode blankUnit = v4Root();
        blankUnit.put("u", " ");

        assertThat(reasonFor(v4(ftp))).isEqualTo(Reason.BAD_MINT_URL);
        assertThat(reasonFor(v4(blankUnit))).isEqualTo(Reason.BAD_UNIT);
    }

    @Test
    void rejectsLegacyAndMalformedKeysetIds() {
        ObjectNode legacyBase64 = v3Root();
        proofOf(legacyBase64).put("id", "I2yN+iRYfkzT");
        ObjectNode fiveBytes = v4Root();
        ((ObjectNode) fiveBytes.withArray("t").get(0)).put("i", new byte[] {0, 1, 2, 3, 4});

        assertThat(reasonFor(v3(legacyBase64))).isEqualTo(Reason.BAD_KEYSET_ID);
        assertThat(reasonFor(v4(fiveBytes))).isEqualTo(Reason.BAD_KEYSET_ID);
    }

    @Test
    void rejectsEmptySecrets() {
        ObjectNode root = v3Root();
        proofOf(root).put("secret", "");

        assertThat(reasonFor(v3(root))).isEqualTo(Reason.BAD_SECRET);
    }

    @Test
    void rejectsNut10LockedSecrets() {
        String p2pk = "[\"P2PK\",{\"nonce\":\"859d4935c4907062a6297cf4e663e2835d90d97ecdd510745d32f6816323a41f\","
                + "\"data\":\"0249098aa8b9d2fbec49ff8598feb17b592b986e62319a4fa488a3dc36387157a7\","
                + "\"tags\":[[\"sigflag\",\"SIG_INPUTS\"]]}]";
        String htlc = "[\"HTLC\",{\"nonce\":\"00\",\"data\":\"ab\",\"tags\":[]}]";
        ObjectNode v3Locked = v3Root();
        proofOf(v3Locked).put("secret", p2pk);
        ObjectNode v4Locked = v4Root();
        proofOfV4(v4Locked).put("s", " " + htlc);

        assertThat(reasonFor(v3(v3Locked))).isEqualTo(Reason.LOCKED_SECRET);
        assertThat(reasonFor(v4(v4Locked))).isEqualTo(Reason.LOCKED_SECRET);
    }

    @Test
    void acceptsSecretsThatMerelyLookLikeBrackets() {
        ObjectNode root = v3Root();
        proofOf(root).put("secret", "[not json");

        assertThat(CODEC.decode(v3(root)).proofs().get(0).secret()).isEqualTo("[not json");
    }

    @Test
    void rejectsSignaturesThatAreNotHexOrNotOnTheCurve() {
        ObjectNode notHex = v3Root();
        proofOf(notHex).put("C", "zz" + C.substring(2));
        ObjectNode offCurve = v3Root();
        proofOf(offCurve).put("C", "02" + "0".repeat(63) + "5");
        ObjectNode uncompressed = v3Root();
        proofOf(uncompressed).put("C", "04" + C.substring(2));
        ObjectNode shortBytes = v4Root();
        proofOfV4(shortBytes).put("c", new byte[32]);

        assertThat(reasonFor(v3(notHex))).isEqualTo(Reason.BAD_HEX);
        assertThat(reasonFor(v3(offCurve))).isEqualTo(Reason.BAD_POINT);
        assertThat(reasonFor(v3(uncompressed))).isEqualTo(Reason.BAD_POINT);
        assertThat(reasonFor(v4(shortBytes))).isEqualTo(Reason.BAD_POINT);
    }

    @Test
    void rejectsMalformedDleq() {
        ObjectNode shortE = v3Root();
        ObjectNode dleq = proofOf(shortE).putObject("dleq");
        dleq.put("e", "ab");
        dleq.put("s", SCALAR);
        dleq.put("r", SCALAR);
        ObjectNode missingR = v4Root();
        ObjectNode dleqV4 = proofOfV4(missingR).putObject("d");
        dleqV4.put("e", new byte[32]);
        dleqV4.put("s", new byte[32]);

        assertThat(reasonFor(v3(shortE))).isEqualTo(Reason.BAD_DLEQ);
        assertThat(reasonFor(v4(missingR))).isEqualTo(Reason.BAD_DLEQ);
    }

    @Test
    void rejectsOverlongInputBeforeParsing() {
        assertThat(reasonFor("cashuB" + "A".repeat(TokenCodec.MAX_TOKEN_CHARS))).isEqualTo(Reason.TOO_LONG);
    }

    @Test
    void rejectsHostileNestingWithoutStackOverflow() {
        byte[] nestedCbor = new byte[100_000];
        Arrays.fill(nestedCbor, (byte) 0x81);
        String nestedJson = "[".repeat(100_000);

        assertThat(reasonFor("cashuB" + b64(nestedCbor))).isEqualTo(Reason.MALFORMED);
        assertThat(reasonFor("cashuA" + b64(nestedJson.getBytes(StandardCharsets.UTF_8))))
                .isEqualTo(Reason.MALFORMED);
    }

    @Test
    void rejectsCborThatDeclaresHugeLengths() {
        byte[] hugeText = HexFormat.of().parseHex("a161747b7fffffffffffffff");
        byte[] hugeBytes = HexFormat.of().parseHex("a161745b7fffffffffffffff00");
        byte[] hugeArray = HexFormat.of().parseHex("a161749b7fffffffffffffff");

        assertThat(reasonFor("cashuB" + b64(hugeText))).isEqualTo(Reason.MALFORMED);
        assertThat(reasonFor("cashuB" + b64(hugeBytes))).isEqualTo(Reason.MALFORMED);
        assertThat(reasonFor("cashuB" + b64(hugeArray))).isEqualTo(Reason.MALFORMED);
    }

    @Test
    void neverEchoesTheTokenInItsMessage() {
        ObjectNode root = v3Root();
        proofOf(root).put("C", "zz" + C.substring(2));
        String token = v3(root);

        TokenFormatException failure = catchThrowableOfType(TokenFormatException.class, () -> CODEC.decode(token));

        assertThat(failure.getMessage())
                .doesNotContain(SECRET)
                .doesNotContain(token.substring(6, 30))
                .doesNotContain("zz");
        assertThat(failure.getCause()).isNull();
    }

    @Test
    void decodesAMintSignedProofWhoseSignatureIsAValidPoint() {
        String c = Bdhke.hashSecret(SECRET).toHex();
        ObjectNode root = v3Root();
        proofOf(root).put("C", c);

        assertThat(CODEC.decode(v3(root)).proofs().get(0).c()).isEqualTo(c);
    }

    // --- helpers ----------------------------------------------------------------------------------------------

    private static Reason reasonFor(String token) {
        TokenFormatException failure = catchThrowableOfType(TokenFormatException.class, () -> CODEC.decode(token));
        assertThat(failure).as("decoding must fail with TokenFormatException").isNotNull();
        return failure.reason();
    }

    private static ObjectNode proofJson() {
        ObjectNode proof = JSON.createObjectNode();
        proof.put("amount", 2);
        proof.put("id", "009a1f293253e41e");
        proof.put("secret", SECRET);
        proof.put("C", C);
        return proof;
    }

    private static ObjectNode v3Root() {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode entry = root.putArray("token").addObject();
        entry.put("mint", "https://8333.space:3338");
        entry.putArray("proofs").add(proofJson());
        root.put("unit", "sat");
        return root;
    }

    private static ObjectNode proofOf(ObjectNode v3Root) {
        return (ObjectNode) v3Root.withArray("token").get(0).get("proofs").get(0);
    }

    private static ObjectNode v4Root() {
        ObjectNode root = CBOR.createObjectNode();
        ObjectNode group = root.putArray("t").addObject();
        group.put("i", HexFormat.of().parseHex("00ad268c4d1f5826"));
        ObjectNode proof = group.putArray("p").addObject();
        proof.put("a", 1);
        proof.put("s", SECRET);
        proof.put("c", HexFormat.of().parseHex(C));
        root.put("m", "http://localhost:3338");
        root.put("u", "sat");
        return root;
    }

    private static ObjectNode proofOfV4(ObjectNode v4Root) {
        return (ObjectNode) v4Root.withArray("t").get(0).get("p").get(0);
    }

    private static String v3(ObjectNode root) {
        try {
            return "cashuA" + b64(JSON.writeValueAsBytes(root));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String v4(ObjectNode root) {
        try {
            return "cashuB" + b64(CBOR.writeValueAsBytes(root));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
