package io.routstr.gateway.cashu.token;

import static io.routstr.gateway.cashu.token.ProofFields.amount;
import static io.routstr.gateway.cashu.token.ProofFields.array;
import static io.routstr.gateway.cashu.token.ProofFields.object;
import static io.routstr.gateway.cashu.token.ProofFields.optionalText;
import static io.routstr.gateway.cashu.token.ProofFields.required;
import static io.routstr.gateway.cashu.token.ProofFields.text;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.routstr.gateway.cashu.token.TokenFormatException.Reason;
import io.routstr.gateway.domain.ecash.EcashToken;
import io.routstr.gateway.domain.ecash.KeysetId;
import io.routstr.gateway.domain.ecash.Proof;
import io.routstr.gateway.domain.ecash.ProofDleq;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The V3 token payload (NUT-00, deprecated but still in circulation): JSON
 * {@code {"token": [{"mint", "proofs": [...]}], "unit", "memo"}} with hex strings for ids and points.
 */
record TokenV3Format(ObjectMapper json, ProofFields fields) {

    EcashToken read(byte[] payload) {
        JsonNode root;
        try {
            root = json.readTree(payload);
        } catch (IOException e) {
            throw new TokenFormatException(Reason.MALFORMED);
        }
        if (root == null || root.isMissingNode()) {
            throw new TokenFormatException(Reason.MALFORMED);
        }
        object(root, "$");
        JsonNode entries = array(required(root, "token", "token"), "token");
        MintUrl mint = null;
        List<Proof> proofs = new ArrayList<>();
        for (JsonNode entry : entries) {
            object(entry, "token[]");
            MintUrl entryMint =
                    ProofFields.mint(text(required(entry, "mint", "token[].mint"), "token[].mint"), "token[].mint");
            // V3 may carry several mints; the gateway redeems at one mint per request, so a mix is refused outright.
            if (mint != null && !mint.equals(entryMint)) {
                throw new TokenFormatException(Reason.MULTIPLE_MINTS, "token[].mint");
            }
            mint = entryMint;
            for (JsonNode proof : array(required(entry, "proofs", "token[].proofs"), "token[].proofs")) {
                proofs.add(readProof(object(proof, "proofs[]")));
            }
        }
        if (mint == null || proofs.isEmpty()) {
            throw new TokenFormatException(Reason.EMPTY_TOKEN);
        }
        // NUT-00 makes the V3 unit optional; tokens from before units existed are sat.
        CurrencyUnit unit = optionalText(root, "unit", "unit")
                .map(text -> ProofFields.unit(text, "unit"))
                .orElse(CurrencyUnit.SAT);
        Optional<String> memo = optionalText(root, "memo", "memo");
        return TokenCodec.token(mint, unit, memo, proofs);
    }

    private Proof readProof(JsonNode node) {
        long amount = amount(required(node, "amount", "proofs[].amount"), "proofs[].amount");
        KeysetId keysetId =
                ProofFields.keysetId(text(required(node, "id", "proofs[].id"), "proofs[].id"), "proofs[].id");
        String secret =
                fields.secret(text(required(node, "secret", "proofs[].secret"), "proofs[].secret"), "proofs[].secret");
        String c = text(required(node, "C", "proofs[].C"), "proofs[].C");
        String signature = ProofFields.signature(ProofFields.hex(c, "proofs[].C"), "proofs[].C");
        Optional<String> witness = optionalText(node, "witness", "proofs[].witness");
        Optional<ProofDleq> dleq = Optional.ofNullable(node.get("dleq"))
                .filter(dleqNode -> !dleqNode.isNull())
                .map(TokenV3Format::readDleq);
        return new Proof(amount, keysetId, secret, signature, witness, dleq);
    }

    private static ProofDleq readDleq(JsonNode node) {
        String field = "proofs[].dleq";
        if (!node.isObject()) {
            throw new TokenFormatException(Reason.BAD_DLEQ, field);
        }
        return ProofFields.dleq(dleqPart(node, "e"), dleqPart(node, "s"), dleqPart(node, "r"), field);
    }

    private static byte[] dleqPart(JsonNode dleq, String name) {
        JsonNode part = dleq.get(name);
        if (part == null || !part.isTextual()) {
            throw new TokenFormatException(Reason.BAD_DLEQ, "proofs[].dleq." + name);
        }
        try {
            return HexFormat.of().parseHex(part.textValue());
        } catch (IllegalArgumentException e) {
            throw new TokenFormatException(Reason.BAD_DLEQ, "proofs[].dleq." + name);
        }
    }

    /** Key order as in the NUT-00 vector: token[mint, proofs[amount, id, secret, C, dleq, witness]], unit, memo. */
    byte[] write(EcashToken token) {
        ObjectNode root = json.createObjectNode();
        ArrayNode entries = root.putArray("token");
        ObjectNode entry = entries.addObject();
        entry.put("mint", token.mint().value());
        ArrayNode proofs = entry.putArray("proofs");
        for (Proof proof : token.proofs()) {
            ObjectNode node = proofs.addObject();
            node.put("amount", proof.amount());
            node.put("id", proof.keysetId().value());
            node.put("secret", proof.secret());
            node.put("C", proof.c());
            proof.dleq().ifPresent(dleq -> {
                ObjectNode dleqNode = node.putObject("dleq");
                dleqNode.put("e", dleq.e());
                dleqNode.put("s", dleq.s());
                dleqNode.put("r", dleq.r());
            });
            proof.witness().ifPresent(witness -> node.put("witness", witness));
        }
        root.put("unit", token.unit().code());
        token.memo().ifPresent(memo -> root.put("memo", memo));
        try {
            return json.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("writing a JSON tree to memory failed", e);
        }
    }
}
