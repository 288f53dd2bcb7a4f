package io.routstr.gateway.application.fake;

import io.routstr.gateway.application.port.out.TokenCodecPort;
import io.routstr.gateway.domain.ecash.EcashToken;
import io.routstr.gateway.domain.ecash.KeysetId;
import io.routstr.gateway.domain.ecash.Proof;
import io.routstr.gateway.domain.ecash.ProofDleq;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * In-memory {@link TokenCodecPort}: a plain text format ({@code cashuF} + base64url of one line per field) that
 * round-trips every part of a token, including witnesses, DLEQ proofs and the memo. Like the real codec it accepts a
 * {@code cashu:} URI scheme and answers bad input as {@link Decoded.Malformed}, never an exception; it does not read
 * real {@code cashuA}/{@code cashuB} tokens (adapters-cashu's codec does).
 */
public final class FakeTokenCodec implements TokenCodecPort {

    private static final String PREFIX = "cashuF";
    private static final String NONE = "-";

    @Override
    public Decoded decode(String token) {
        String text = token == null ? "" : token.strip();
        if (text.regionMatches(true, 0, "cashu:", 0, "cashu:".length())) {
            text = text.substring("cashu:".length());
        }
        if (!text.startsWith(PREFIX)) {
            return new Decoded.Malformed("not a token of this format", false);
        }
        try {
            List<String> fields = fields(
                    new String(Base64.getUrlDecoder().decode(text.substring(PREFIX.length())), StandardCharsets.UTF_8));
            MintUrl mint = MintUrl.of(fields.get(0));
            CurrencyUnit unit = CurrencyUnit.of(fields.get(1));
            Optional<String> memo = optional(fields.get(2));
            int count = Integer.parseInt(fields.get(3));
            if (count == 0) {
                return new Decoded.Malformed("the token holds no proofs", true);
            }
            List<Proof> proofs = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int at = 4 + i * 6;
                Optional<ProofDleq> dleq = optional(fields.get(at + 5)).map(d -> {
                    String[] parts = d.split(",", -1);
                    return new ProofDleq(parts[0], parts[1], parts[2]);
                });
                proofs.add(new Proof(
                        Long.parseLong(fields.get(at)),
                        KeysetId.of(fields.get(at + 1)),
                        fields.get(at + 2),
                        fields.get(at + 3),
                        optional(fields.get(at + 4)),
                        dleq));
            }
            if (fields.size() != 4 + count * 6) {
                return new Decoded.Malformed("the token has trailing fields", false);
            }
            return new Decoded.Token(new EcashToken(mint, unit, memo, proofs));
        } catch (RuntimeException malformed) {
            return new Decoded.Malformed("the token cannot be read", false);
        }
    }

    @Override
    public String encode(EcashToken token) {
        List<String> fields = new ArrayList<>(List.of(
                token.mint().toString(),
                token.unit().toString(),
                present(token.memo()),
                Integer.toString(token.proofs().size())));
        for (Proof proof : token.proofs()) {
            fields.add(Long.toString(proof.amount()));
            fields.add(proof.keysetId().value());
            fields.add(proof.secret());
            fields.add(proof.c());
            fields.add(present(proof.witness()));
            fields.add(present(proof.dleq().map(d -> d.e() + "," + d.s() + "," + d.r())));
        }
        StringBuilder text = new StringBuilder();
        // Each field base64-encoded on its own line, so no field's text can break the format.
        fields.forEach(f -> text.append(
                        Base64.getUrlEncoder().withoutPadding().encodeToString(f.getBytes(StandardCharsets.UTF_8)))
                .append('\n'));
        return PREFIX
                + Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> fields(String text) {
        List<String> fields = new ArrayList<>();
        for (String line : text.split("\n")) {
            fields.add(new String(Base64.getUrlDecoder().decode(line), StandardCharsets.UTF_8));
        }
        return fields;
    }

    private static String present(Optional<String> value) {
        return value.map(v -> "+" + v).orElse(NONE);
    }

    private static Optional<String> optional(String field) {
        if (field.equals(NONE)) {
            return Optional.empty();
        }
        if (!field.startsWith("+")) {
            throw new IllegalArgumentException("an optional field is '-' or '+' and its value");
        }
        return Optional.of(field.substring(1));
    }
}
