package io.routstr.gateway.cashu.token;

import static io.routstr.gateway.cashu.token.ProofFields.amount;
import static io.routstr.gateway.cashu.token.ProofFields.array;
import static io.routstr.gateway.cashu.token.ProofFields.bytes;
import static io.routstr.gateway.cashu.token.ProofFields.object;
import static io.routstr.gateway.cashu.token.ProofFields.optionalText;
import static io.routstr.gateway.cashu.token.ProofFields.required;
import static io.routstr.gateway.cashu.token.ProofFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import io.routstr.gateway.cashu.token.TokenFormatException.Reason;
import io.routstr.gateway.domain.ecash.EcashToken;
import io.routstr.gateway.domain.ecash.KeysetId;
import io.routstr.gateway.domain.ecash.Proof;
import io.routstr.gateway.domain.ecash.ProofDleq;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The V4 token payload (NUT-00): CBOR {@code {"t": [{"i": id, "p": [...]}], "d", "m", "u"}} with byte strings for ids
 * and points, proofs grouped by keyset.
 *
 * <p>Writing goes through {@link CBORGenerator} with explicit sizes: Jackson serialises POJOs and maps as
 * indefinite-length CBOR maps, which cashu-ts rejects, and long strings as indefinite-length chunks. Every container
 * and string here is definite-length, which also makes the output byte-identical to the NUT-00 vectors.
 */
record TokenV4Format(ObjectMapper cbor, CBORFactory cborFactory, ProofFields fields) {

    EcashToken read(byte[] payload) {
        JsonNode root;
        try {
            root = cbor.readTree(payload);
        } catch (IOException e) {
            throw new TokenFormatException(Reason.MALFORMED);
        }
        if (root == null || root.isMissingNode()) {
            throw new TokenFormatException(Reason.MALFORMED);
        }
        object(root, "$");
        MintUrl mint = ProofFields.mint(text(required(root, "m", "m"), "m"), "m");
        CurrencyUnit unit = ProofFields.unit(text(required(root, "u", "u"), "u"), "u");
        Optional<String> memo = optionalText(root, "d", "d");
        List<Proof> proofs = new ArrayList<>();
        for (JsonNode group : array(required(root, "t", "t"), "t")) {
            object(group, "t[]");
            // A short (8-byte) V2 id is kept as it is; the wallet resolves it against the mint's keysets (NUT-00).
            KeysetId keysetId = ProofFields.keysetId(bytes(required(group, "i", "t[].i"), "t[].i"), "t[].i");
            for (JsonNode proof : array(required(group, "p", "t[].p"), "t[].p")) {
                proofs.add(readProof(object(proof, "t[].p[]"), keysetId));
            }
        }
        if (proofs.isEmpty()) {
            throw new TokenFormatException(Reason.EMPTY_TOKEN);
        }
        return TokenCodec.token(mint, unit, memo, proofs);
    }

    private Proof readProof(JsonNode node, KeysetId keysetId) {
        long amount = amount(required(node, "a", "t[].p[].a"), "t[].p[].a");
        String secret = fields.secret(text(required(node, "s", "t[].p[].s"), "t[].p[].s"), "t[].p[].s");
        String signature = ProofFields.signature(bytes(required(node, "c", "t[].p[].c"), "t[].p[].c"), "t[].p[].c");
        Optional<String> witness = optionalText(node, "w", "t[].p[].w");
        Optional<ProofDleq> dleq = Optional.ofNullable(node.get("d"))
                .filter(dleqNode -> !dleqNode.isNull())
                .map(TokenV4Format::readDleq);
        return new Proof(amount, keysetId, secret, signature, witness, dleq);
    }

    private static ProofDleq readDleq(JsonNode node) {
        String field = "t[].p[].d";
        if (!node.isObject()) {
            throw new TokenFormatException(Reason.BAD_DLEQ, field);
        }
        return ProofFields.dleq(dleqPart(node, "e"), dleqPart(node, "s"), dleqPart(node, "r"), field);
    }

    private static byte[] dleqPart(JsonNode dleq, String name) {
        JsonNode part = dleq.get(name);
        if (part == null || !part.isBinary()) {
            throw new TokenFormatException(Reason.BAD_DLEQ, "t[].p[].d." + name);
        }
        return bytes(part, "t[].p[].d." + name);
    }

    /** Key order as in the NUT-00 vectors: t[i, p[a, s, c, d[e, s, r], w]], d, m, u. */
    byte[] write(EcashToken token) {
        Map<KeysetId, List<Proof>> groups = new LinkedHashMap<>();
        token.proofs()
                .forEach(proof -> groups.computeIfAbsent(proof.keysetId(), id -> new ArrayList<>())
                        .add(proof));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CBORGenerator generator = cborFactory.createGenerator(out)) {
            generator.writeStartObject(null, token.memo().isPresent() ? 4 : 3);
            generator.writeFieldName("t");
            generator.writeStartArray(null, groups.size());
            for (Map.Entry<KeysetId, List<Proof>> group : groups.entrySet()) {
                generator.writeStartObject(null, 2);
                generator.writeFieldName("i");
                writeBytes(generator, group.getKey().toBytes());
                generator.writeFieldName("p");
                generator.writeStartArray(null, group.getValue().size());
                for (Proof proof : group.getValue()) {
                    writeProof(generator, proof);
                }
                generator.writeEndArray();
                generator.writeEndObject();
            }
            generator.writeEndArray();
            if (token.memo().isPresent()) {
                generator.writeFieldName("d");
                writeText(generator, token.memo().get());
            }
            generator.writeFieldName("m");
            writeText(generator, token.mint().value());
            generator.writeFieldName("u");
            writeText(generator, token.unit().code());
            generator.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing CBOR to memory failed", e);
        }
        return out.toByteArray();
    }

    private static void writeProof(CBORGenerator generator, Proof proof) throws IOException {
        generator.writeStartObject(
                null, 3 + (proof.dleq().isPresent() ? 1 : 0) + (proof.witness().isPresent() ? 1 : 0));
        generator.writeFieldName("a");
        generator.writeNumber(proof.amount());
        generator.writeFieldName("s");
        writeText(generator, proof.secret());
        generator.writeFieldName("c");
        writeBytes(generator, HexFormat.of().parseHex(proof.c()));
        if (proof.dleq().isPresent()) {
            ProofDleq dleq = proof.dleq().get();
            generator.writeFieldName("d");
            generator.writeStartObject(null, 3);
            generator.writeFieldName("e");
            writeBytes(generator, HexFormat.of().parseHex(dleq.e()));
            generator.writeFieldName("s");
            writeBytes(generator, HexFormat.of().parseHex(dleq.s()));
            generator.writeFieldName("r");
            writeBytes(generator, HexFormat.of().parseHex(dleq.r()));
            generator.writeEndObject();
        }
        if (proof.witness().isPresent()) {
            generator.writeFieldName("w");
            writeText(generator, proof.witness().get());
        }
        generator.writeEndObject();
    }

    /** Always one definite-length text string; {@code writeString} would chunk strings over ~4000 characters. */
    private static void writeText(CBORGenerator generator, String text) throws IOException {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        generator.writeRawUTF8String(utf8, 0, utf8.length);
    }

    private static void writeBytes(CBORGenerator generator, byte[] bytes) throws IOException {
        generator.writeBinary(bytes, 0, bytes.length);
    }
}
