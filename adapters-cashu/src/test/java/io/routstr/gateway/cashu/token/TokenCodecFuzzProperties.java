package io.routstr.gateway.cashu.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import io.routstr.gateway.cashu.crypto.Bdhke;
import io.routstr.gateway.domain.ecash.EcashToken;
import io.routstr.gateway.domain.ecash.KeysetId;
import io.routstr.gateway.domain.ecash.Proof;
import io.routstr.gateway.domain.ecash.ProofDleq;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Fuzzing the decoder: valid tokens mutated at character and byte level, random JSON and CBOR built from the token
 * vocabulary, and random bytes. Whatever comes in, {@code decode} returns a token that re-encodes unchanged or throws
 * {@link TokenFormatException}; any other exception fails the property.
 */
class TokenCodecFuzzProperties {

    private static final TokenCodec CODEC = new TokenCodec();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper CBOR = new CBORMapper();

    private static final List<String> POINTS = List.of(
            Bdhke.hashSecret("a").toHex(),
            Bdhke.hashSecret("b").toHex(),
            Bdhke.hashSecret("c").toHex(),
            "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798");
    private static final List<KeysetId> KEYSETS = List.of(
            KeysetId.of("009a1f293253e41e"),
            KeysetId.of("00ad268c4d1f5826"),
            KeysetId.of("015ba18a8adcd02e715a58358eb618da4a4b3791151a4bee5e968bb88406ccf76a"),
            KeysetId.of("015ba18a8adcd02e"));
    private static final String SCALAR = "a6d13fcd7a18442e6076f5e1e7c887ad5de40a019824bdfa9fe740d302e8d861";

    private static final List<String> SEEDS = seeds();

    private static final List<String> KEYS = List.of(
            "t", "i", "p", "a", "s", "c", "d", "m", "u", "w", "e", "r", "token", "mint", "proofs", "amount", "id",
            "secret", "C", "dleq", "unit", "memo", "witness");
    private static final List<String> TEXTS = List.of(
            "",
            "sat",
            "msat",
            "http://localhost:3338",
            "https://8333.space:3338/",
            "ftp://x",
            "009a1f293253e41e",
            "015ba18a8adcd02e",
            POINTS.get(0),
            SCALAR,
            "[\"P2PK\",{\"nonce\":\"00\",\"data\":\"02\",\"tags\":[]}]",
            "[",
            "zz",
            "\u00e9\u20ac");
    private static final char[] ODD_CHARS = "=+/-_ !%\n\t\u00e9\u0000.~*".toCharArray();
    private static final String BASE64_URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    @Property(tries = 10_000)
    void anyInputDecodesToAStableTokenOrFailsWithTokenFormatException(@ForAll("tokenLikeStrings") String input) {
        EcashToken token;
        try {
            token = CODEC.decode(input);
        } catch (TokenFormatException rejected) {
            assertThat(rejected.reason()).isNotNull();
            assertThat(rejected.getMessage()).startsWith(rejected.reason().description());
            return;
        }
        assertThat(CODEC.decode(CODEC.encodeV4(token))).isEqualTo(groupedByKeyset(token));
        assertThat(CODEC.decode(CODEC.encodeV3(token))).isEqualTo(token);
    }

    @Property(tries = 500)
    void validTokensSurviveBothEncodings(@ForAll("tokens") EcashToken token) {
        assertThat(CODEC.decode(CODEC.encodeV4(token))).isEqualTo(groupedByKeyset(token));
        assertThat(CODEC.decode(CODEC.encodeV3(token))).isEqualTo(token);
        assertThat(CODEC.decodeRaw(CODEC.encodeV4Raw(token))).isEqualTo(groupedByKeyset(token));
    }

    /** V4 stores proofs grouped by keyset (NUT-00), so interleaved keysets come back grouped in first-seen order. */
    private static EcashToken groupedByKeyset(EcashToken token) {
        List<Proof> grouped = new ArrayList<>();
        for (KeysetId keysetId : token.keysetIds()) {
            token.proofs().stream()
                    .filter(proof -> proof.keysetId().equals(keysetId))
                    .forEach(grouped::add);
        }
        return new EcashToken(token.mint(), token.unit(), token.memo(), grouped);
    }

    @Provide
    Arbitrary<String> tokenLikeStrings() {
        return Arbitraries.frequencyOf(
                Tuple.of(
                        4,
                        Combinators.combine(Arbitraries.of(SEEDS), Arbitraries.randoms())
                                .as(TokenCodecFuzzProperties::mutateCharacters)),
                Tuple.of(
                        4,
                        Combinators.combine(Arbitraries.of(SEEDS), Arbitraries.randoms())
                                .as(TokenCodecFuzzProperties::mutatePayload)),
                Tuple.of(3, Arbitraries.randoms().map(TokenCodecFuzzProperties::randomStructure)),
                Tuple.of(1, Arbitraries.randoms().map(TokenCodecFuzzProperties::randomBytes)));
    }

    @Provide
    Arbitrary<EcashToken> tokens() {
        Arbitrary<String> secrets = Arbitraries.oneOf(
                Arbitraries.strings().withChars("0123456789abcdef").ofLength(64),
                Arbitraries.strings()
                        .alpha()
                        .numeric()
                        .withChars(" {}\"\\:,\u00e9\u20ac")
                        .ofMinLength(1)
                        .ofMaxLength(120));
        Arbitrary<Proof> proofs = Combinators.combine(
                        Arbitraries.longs().between(1, 1L << 40),
                        Arbitraries.of(KEYSETS),
                        secrets,
                        Arbitraries.of(POINTS),
                        Arbitraries.strings().ofMaxLength(30).optional(),
                        Arbitraries.of(true, false))
                .as((amount, keyset, secret, c, witness, withDleq) -> new Proof(
                        amount,
                        keyset,
                        secret,
                        c,
                        witness,
                        withDleq ? Optional.of(new ProofDleq(SCALAR, SCALAR, SCALAR)) : Optional.empty()));
        return Combinators.combine(
                        Arbitraries.of("https://mint.example.com", "http://localhost:3338", "https://a.b/c/"),
                        Arbitraries.of("sat", "msat", "usd"),
                        Arbitraries.strings()
                                .alpha()
                                .withChars(" \u00e9")
                                .ofMaxLength(40)
                                .optional(),
                        proofs.list().ofMinSize(1).ofMaxSize(6))
                .as((mint, unit, memo, list) -> new EcashToken(MintUrl.of(mint), CurrencyUnit.of(unit), memo, list));
    }

    private static String mutateCharacters(String seed, Random random) {
        StringBuilder text = new StringBuilder(seed);
        int mutations = 1 + random.nextInt(4);
        for (int n = 0; n < mutations && !text.isEmpty(); n++) {
            int at = random.nextInt(text.length());
            switch (random.nextInt(6)) {
                case 0 -> text.setCharAt(at, BASE64_URL.charAt(random.nextInt(BASE64_URL.length())));
                case 1 -> text.setCharAt(at, ODD_CHARS[random.nextInt(ODD_CHARS.length)]);
                case 2 -> text.setLength(at);
                case 3 -> text.insert(at, BASE64_URL.charAt(random.nextInt(BASE64_URL.length())));
                case 4 -> text.delete(at, Math.min(text.length(), at + 1 + random.nextInt(8)));
                default -> text.insert(at, text.substring(at, Math.min(text.length(), at + random.nextInt(12))));
            }
        }
        return text.toString();
    }

    private static String mutatePayload(String seed, Random random) {
        String prefix = seed.substring(0, 6);
        byte[] payload = Base64.getUrlDecoder().decode(seed.substring(6));
        List<Byte> bytes = new ArrayList<>();
        for (byte b : payload) {
            bytes.add(b);
        }
        byte[] interesting = {0x00, (byte) 0xff, 0x1b, 0x5b, 0x7b, (byte) 0x9f, (byte) 0xbf, 0x60, 0x40, 0x20, 0x3a};
        int mutations = 1 + random.nextInt(3);
        for (int n = 0; n < mutations && !bytes.isEmpty(); n++) {
            int at = random.nextInt(bytes.size());
            switch (random.nextInt(5)) {
                case 0 -> bytes.set(at, (byte) (bytes.get(at) ^ (1 << random.nextInt(8))));
                case 1 -> bytes.set(at, interesting[random.nextInt(interesting.length)]);
                case 2 -> bytes.add(at, (byte) random.nextInt(256));
                case 3 -> bytes.remove(at);
                default -> bytes.subList(at, bytes.size()).clear();
            }
        }
        byte[] mutated = new byte[bytes.size()];
        for (int i = 0; i < mutated.length; i++) {
            mutated[i] = bytes.get(i);
        }
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(mutated);
    }

    private static String randomStructure(Random random) {
        boolean cbor = random.nextBoolean();
        JsonNode root = random.nextInt(3) > 0 ? tokenShapedObject(random, cbor) : randomNode(random, 0, cbor);
        try {
            byte[] payload = cbor ? CBOR.writeValueAsBytes(root) : JSON.writeValueAsBytes(root);
            return (cbor ? "cashuB" : "cashuA") + Base64.getUrlEncoder().encodeToString(payload);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode tokenShapedObject(Random random, boolean cbor) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        if (cbor) {
            ObjectNode group = root.putArray("t").addObject();
            group.set("i", pick(random, bytesNode(random), textNode(random)));
            ArrayNode proofs = group.putArray("p");
            for (int i = random.nextInt(3); i >= 0; i--) {
                ObjectNode proof = proofs.addObject();
                proof.set("a", pick(random, numberNode(random), randomNode(random, 3, true)));
                proof.set("s", pick(random, textNode(random), randomNode(random, 3, true)));
                proof.set("c", pick(random, bytesNode(random), randomNode(random, 3, true)));
                maybePut(random, proof, "d", randomNode(random, 3, true));
                maybePut(random, proof, "w", randomNode(random, 3, true));
            }
            maybePut(random, root, "m", pick(random, textNode(random), randomNode(random, 1, true)));
            maybePut(random, root, "u", pick(random, textNode(random), randomNode(random, 1, true)));
            maybePut(random, root, "d", randomNode(random, 1, true));
        } else {
            ObjectNode entry = root.putArray("token").addObject();
            maybePut(random, entry, "mint", pick(random, textNode(random), randomNode(random, 2, false)));
            ArrayNode proofs = entry.putArray("proofs");
            for (int i = random.nextInt(3); i >= 0; i--) {
                ObjectNode proof = proofs.addObject();
                proof.set("amount", pick(random, numberNode(random), randomNode(random, 3, false)));
                proof.set("id", pick(random, textNode(random), randomNode(random, 3, false)));
                proof.set("secret", pick(random, textNode(random), randomNode(random, 3, false)));
                proof.set("C", pick(random, textNode(random), randomNode(random, 3, false)));
                maybePut(random, proof, "dleq", randomNode(random, 3, false));
                maybePut(random, proof, "witness", randomNode(random, 3, false));
            }
            maybePut(random, root, "unit", pick(random, textNode(random), randomNode(random, 1, false)));
            maybePut(random, root, "memo", randomNode(random, 1, false));
        }
        return root;
    }

    private static JsonNode randomNode(Random random, int depth, boolean cbor) {
        int kind = random.nextInt(depth > 4 ? 5 : 7);
        return switch (kind) {
            case 0 -> numberNode(random);
            case 1 -> textNode(random);
            case 2 -> cbor ? bytesNode(random) : textNode(random);
            case 3 ->
                pick(
                        random,
                        JsonNodeFactory.instance.nullNode(),
                        JsonNodeFactory.instance.booleanNode(random.nextBoolean()),
                        JsonNodeFactory.instance.numberNode(random.nextDouble()));
            case 4 -> JsonNodeFactory.instance.textNode(Integer.toString(random.nextInt()));
            case 5 -> {
                ArrayNode array = JsonNodeFactory.instance.arrayNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    array.add(randomNode(random, depth + 1, cbor));
                }
                yield array;
            }
            default -> {
                ObjectNode object = JsonNodeFactory.instance.objectNode();
                for (int i = random.nextInt(5); i > 0; i--) {
                    object.set(KEYS.get(random.nextInt(KEYS.size())), randomNode(random, depth + 1, cbor));
                }
                yield object;
            }
        };
    }

    private static JsonNode numberNode(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> JsonNodeFactory.instance.numberNode(0);
            case 1 -> JsonNodeFactory.instance.numberNode(-1 - random.nextInt(100));
            case 2 -> JsonNodeFactory.instance.numberNode(Long.MAX_VALUE);
            case 3 -> JsonNodeFactory.instance.numberNode(BigInteger.TWO.pow(63 + random.nextInt(10)));
            default -> JsonNodeFactory.instance.numberNode(1 + random.nextInt(1 << 20));
        };
    }

    private static JsonNode textNode(Random random) {
        if (random.nextInt(4) == 0) {
            byte[] bytes = new byte[random.nextInt(40)];
            random.nextBytes(bytes);
            return JsonNodeFactory.instance.textNode(new String(bytes, StandardCharsets.UTF_8));
        }
        return JsonNodeFactory.instance.textNode(TEXTS.get(random.nextInt(TEXTS.size())));
    }

    private static JsonNode bytesNode(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> JsonNodeFactory.instance.binaryNode(HexFormat.of().parseHex(POINTS.get(random.nextInt(4))));
            case 1 ->
                JsonNodeFactory.instance.binaryNode(
                        KEYSETS.get(random.nextInt(4)).toBytes());
            case 2 -> JsonNodeFactory.instance.binaryNode(HexFormat.of().parseHex(SCALAR));
            default -> {
                byte[] bytes = new byte[random.nextInt(40)];
                random.nextBytes(bytes);
                yield JsonNodeFactory.instance.binaryNode(bytes);
            }
        };
    }

    private static JsonNode pick(Random random, JsonNode... choices) {
        return choices[random.nextInt(choices.length)];
    }

    private static void maybePut(Random random, ObjectNode object, String key, JsonNode value) {
        if (random.nextInt(4) > 0) {
            object.set(key, value);
        }
    }

    private static String randomBytes(Random random) {
        byte[] bytes = new byte[random.nextInt(200)];
        random.nextBytes(bytes);
        String prefix = pick(
                        random,
                        JsonNodeFactory.instance.textNode("cashuA"),
                        JsonNodeFactory.instance.textNode("cashuB"))
                .textValue();
        return prefix + Base64.getUrlEncoder().encodeToString(bytes);
    }

    private static List<String> seeds() {
        EcashToken rich = new EcashToken(
                MintUrl.of("https://mint.example.com"),
                CurrencyUnit.SAT,
                Optional.of("memo"),
                List.of(
                        new Proof(
                                3,
                                KEYSETS.get(2),
                                "s1",
                                POINTS.get(0),
                                Optional.of("{\"signatures\":[]}"),
                                Optional.of(new ProofDleq(SCALAR, SCALAR, SCALAR))),
                        Proof.of(5, KEYSETS.get(3), "s2", POINTS.get(1))));
        return Arrays.asList(
                TokenVectors.V3,
                TokenVectors.V3_PADDED,
                TokenVectors.V4_SINGLE_KEYSET,
                TokenVectors.V4_MULTIPLE_KEYSETS,
                TokenVectors.V4_INDEFINITE_LENGTH,
                CODEC.encodeV4(rich),
                CODEC.encodeV3(rich));
    }
}
