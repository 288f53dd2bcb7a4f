package io.routstr.gateway.cashu.mint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.routstr.gateway.application.port.out.MintPort.Call;
import io.routstr.gateway.application.port.out.MintPort.Refusal;
import io.routstr.gateway.application.port.out.MintPort.RefusalKind;
import io.routstr.gateway.cashu.crypto.CurvePoint;
import io.routstr.gateway.cashu.crypto.DleqProof;
import io.routstr.gateway.cashu.crypto.KeysetIds;
import io.routstr.gateway.cashu.mint.MintApi.BlindSignature;
import io.routstr.gateway.cashu.mint.MintApi.BlindedMessage;
import io.routstr.gateway.cashu.mint.MintApi.KeysetInfo;
import io.routstr.gateway.cashu.mint.MintApi.MeltQuoteInfo;
import io.routstr.gateway.cashu.mint.MintApi.MintKeyset;
import io.routstr.gateway.cashu.mint.MintApi.MintQuoteInfo;
import io.routstr.gateway.cashu.mint.MintApi.ProofStateInfo;
import io.routstr.gateway.cashu.mint.MintApi.Restored;
import io.routstr.gateway.cashu.mint.MintCallObserver.Operation;
import io.routstr.gateway.domain.ecash.KeysetId;
import io.routstr.gateway.domain.ecash.Proof;
import io.routstr.gateway.domain.ecash.QuoteId;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import java.math.BigInteger;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A client of one Cashu mint (NUT-01 to 09): keysets cached with expiry and their ids checked, swap, mint and melt,
 * checkstate and restore. Thread-safe. Quote ids and proof secrets are bearer secrets and never leave this class in an
 * error message.
 */
public final class MintClient {

    private static final BigInteger MAX_LONG = BigInteger.valueOf(Long.MAX_VALUE);

    private final MintUrl mint;
    private final MintHttp http;
    private final ObjectMapper json;
    private final MintClientSettings settings;
    private final Map<KeysetId, MintKeyset> keysById = new ConcurrentHashMap<>();
    private volatile CachedKeysets keysets;
    private volatile CachedFlag quoteLocks;

    private record CachedKeysets(List<KeysetInfo> list, Instant expires) {}

    private record CachedFlag(boolean value, Instant expires) {}

    /** {@code client} is the template of the connections to the mint (see {@link MintConnections}), not used itself. */
    public MintClient(MintUrl mint, HttpClient client, ObjectMapper json, MintClientSettings settings) {
        this(mint, client, json, settings, MintCallObserver.NONE);
    }

    /** {@code observer} is told of every call to the mint and how long it took. */
    public MintClient(
            MintUrl mint,
            HttpClient client,
            ObjectMapper json,
            MintClientSettings settings,
            MintCallObserver observer) {
        this.mint = mint;
        this.json = json;
        this.settings = settings;
        this.http = new MintHttp(mint, client, json, settings, observer);
    }

    public MintUrl url() {
        return mint;
    }

    // --- NUT-01/02 keysets

    /** All keysets of the mint ({@code GET /v1/keysets}), cached; ids this wallet cannot use are left out. */
    public Call<List<KeysetInfo>> keysets() {
        CachedKeysets cached = keysets;
        if (cached != null && Instant.now().isBefore(cached.expires())) {
            return new Call.Ok<>(cached.list());
        }
        return refreshKeysets();
    }

    /** Forgets the cached keyset list, e.g. after an unknown keyset id or a 12002. */
    public Call<List<KeysetInfo>> refreshKeysets() {
        Call<List<KeysetInfo>> fresh =
                http.get(Operation.KEYSETS, "/v1/keysets").map(MintClient::parseKeysets);
        if (fresh instanceof Call.Ok<List<KeysetInfo>> ok) {
            keysets = new CachedKeysets(ok.value(), Instant.now().plus(settings.keysetCacheTtl()));
        }
        return fresh;
    }

    /** One keyset with its keys ({@code GET /v1/keys/{id}}, active or not); keys never change for an id. */
    public Call<MintKeyset> keyset(KeysetId id) {
        Call<List<KeysetInfo>> listed = keysets();
        if (!(listed instanceof Call.Ok<List<KeysetInfo>> ok)) {
            return listed.map(list -> null);
        }
        Optional<KeysetInfo> info =
                ok.value().stream().filter(k -> k.id().equals(id)).findFirst();
        if (info.isEmpty()) {
            return new Call.Rejected<>(new Refusal(RefusalKind.UNKNOWN_KEYSET, 12001, "unknown keyset"));
        }
        MintKeyset known = keysById.get(id);
        if (known != null) {
            return new Call.Ok<>(withMetadata(known, info.get()));
        }
        Call<MintKeyset> loaded =
                http.get(Operation.KEYS, "/v1/keys/" + id.value()).map(body -> parseKeys(body, info.get()));
        if (loaded instanceof Call.Ok<MintKeyset> k) {
            keysById.put(id, k.value());
        }
        return loaded;
    }

    /** The active keyset of {@code unit} that new outputs go to (NUT-02: never an inactive one); lowest fee first. */
    public Call<MintKeyset> activeKeyset(CurrencyUnit unit) {
        Call<List<KeysetInfo>> listed = keysets();
        if (!(listed instanceof Call.Ok<List<KeysetInfo>> ok)) {
            return listed.map(list -> null);
        }
        return ok.value().stream()
                .filter(k -> k.active() && k.unit().equals(unit))
                .min((a, b) -> Long.compare(a.inputFeePpk(), b.inputFeePpk()))
                .map(k -> keyset(k.id()))
                .orElseGet(() -> new Call.Rejected<>(
                        new Refusal(RefusalKind.UNIT_MISMATCH, 11013, "no active keyset for unit " + unit)));
    }

    // --- NUT-03 swap

    public Call<List<BlindSignature>> swap(List<Proof> inputs, List<BlindedMessage> outputs) {
        ObjectNode body = json.createObjectNode();
        body.set("inputs", proofsJson(inputs));
        body.set("outputs", outputsJson(outputs));
        return http.postOnce(Operation.SWAP, "/v1/swap", body, settings.operationTimeout())
                .map(response -> signatures(response.path("signatures")));
    }

    // --- NUT-06 info

    /**
     * Whether the mint locks mint quotes to a key (NUT-20, {@code nuts."20".supported} in {@code GET /v1/info}),
     * cached as long as keysets are. A mint whose info cannot be read counts as not supporting it for now.
     */
    public boolean supportsQuoteLocks() {
        CachedFlag cached = quoteLocks;
        if (cached != null && Instant.now().isBefore(cached.expires())) {
            return cached.value();
        }
        Call<Boolean> read = http.get(Operation.INFO, "/v1/info")
                .map(info -> info.path("nuts").path("20").path("supported").asBoolean(false));
        if (read instanceof Call.Ok<Boolean> ok) {
            quoteLocks = new CachedFlag(ok.value(), Instant.now().plus(settings.keysetCacheTtl()));
            return ok.value();
        }
        return false;
    }

    // --- NUT-04 mint

    public Call<MintQuoteInfo> createMintQuote(long amount, CurrencyUnit unit) {
        return createMintQuote(amount, unit, Optional.empty());
    }

    /** With {@code pubkey} (compressed, NUT-20) the quote can only be minted with a signature by that key. */
    public Call<MintQuoteInfo> createMintQuote(long amount, CurrencyUnit unit, Optional<CurvePoint> pubkey) {
        ObjectNode body = json.createObjectNode().put("amount", amount).put("unit", unit.code());
        pubkey.ifPresent(key -> body.put("pubkey", key.toHex()));
        return http.postOnce(Operation.MINT_QUOTE, "/v1/mint/quote/bolt11", body, settings.operationTimeout())
                .map(MintClient::mintQuote);
    }

    public Call<MintQuoteInfo> mintQuote(QuoteId quoteId) {
        return http.get(Operation.MINT_QUOTE_STATE, "/v1/mint/quote/bolt11/" + pathSegment(quoteId.value()))
                .map(MintClient::mintQuote);
    }

    public Call<List<BlindSignature>> mint(QuoteId quoteId, List<BlindedMessage> outputs) {
        return mint(quoteId, outputs, Optional.empty());
    }

    /** {@code signature}: the NUT-20 signature (hex) a locked quote needs. */
    public Call<List<BlindSignature>> mint(QuoteId quoteId, List<BlindedMessage> outputs, Optional<String> signature) {
        ObjectNode body = json.createObjectNode().put("quote", quoteId.value());
        body.set("outputs", outputsJson(outputs));
        signature.ifPresent(sig -> body.put("signature", sig));
        return http.postOnce(Operation.MINT, "/v1/mint/bolt11", body, settings.operationTimeout())
                .map(response -> signatures(response.path("signatures")));
    }

    // --- NUT-05 melt, NUT-08 change

    public Call<MeltQuoteInfo> createMeltQuote(String bolt11, CurrencyUnit unit) {
        ObjectNode body = json.createObjectNode().put("request", bolt11).put("unit", unit.code());
        return http.postOnce(Operation.MELT_QUOTE, "/v1/melt/quote/bolt11", body, settings.operationTimeout())
                .map(MintClient::meltQuote);
    }

    public Call<MeltQuoteInfo> meltQuote(QuoteId quoteId) {
        return http.get(Operation.MELT_QUOTE_STATE, "/v1/melt/quote/bolt11/" + pathSegment(quoteId.value()))
                .map(MintClient::meltQuote);
    }

    /** Blocks until the payment resolves, within the melt timeout (NUT-05: use no or a very long timeout). */
    public Call<MeltQuoteInfo> melt(QuoteId quoteId, List<Proof> inputs, List<BlindedMessage> blankOutputs) {
        ObjectNode body = json.createObjectNode().put("quote", quoteId.value());
        body.set("inputs", proofsJson(inputs));
        body.set("outputs", outputsJson(blankOutputs));
        return http.postOnce(Operation.MELT, "/v1/melt/bolt11", body, settings.meltTimeout())
                .map(MintClient::meltQuote);
    }

    // --- NUT-07, NUT-09

    /** States of the proofs with these {@code Y} values, in the same order. */
    public Call<List<ProofStateInfo>> checkState(List<String> ys) {
        ObjectNode body = json.createObjectNode();
        ArrayNode array = body.putArray("Ys");
        ys.forEach(array::add);
        return http.postIdempotent(Operation.CHECKSTATE, "/v1/checkstate", body).map(response -> {
            List<ProofStateInfo> states = new ArrayList<>();
            response.path("states")
                    .forEach(s -> states.add(new ProofStateInfo(
                            s.path("Y").asText(), s.path("state").asText())));
            if (states.size() != ys.size()) {
                throw new IllegalArgumentException("checkstate answered " + states.size() + " of " + ys.size());
            }
            return states;
        });
    }

    public Call<Restored> restore(List<BlindedMessage> outputs) {
        ObjectNode body = json.createObjectNode();
        body.set("outputs", outputsJson(outputs));
        return http.postIdempotent(Operation.RESTORE, "/v1/restore", body).map(response -> {
            List<BlindedMessage> restoredOutputs = new ArrayList<>();
            response.path("outputs")
                    .forEach(o -> restoredOutputs.add(new BlindedMessage(
                            o.path("amount").asLong(),
                            KeysetId.of(o.path("id").asText()),
                            CurvePoint.fromHex(o.path("B_").asText()))));
            return new Restored(restoredOutputs, signatures(response.path("signatures")));
        });
    }

    // --- JSON

    private ArrayNode proofsJson(List<Proof> proofs) {
        ArrayNode array = json.createArrayNode();
        for (Proof proof : proofs) {
            // NUT-12: never send the DLEQ's r to the mint; the mint needs amount, id, secret, C (and a witness).
            ObjectNode node = array.addObject()
                    .put("amount", proof.amount())
                    .put("id", proof.keysetId().value())
                    .put("secret", proof.secret())
                    .put("C", proof.c());
            proof.witness().ifPresent(w -> node.put("witness", w));
        }
        return array;
    }

    private ArrayNode outputsJson(List<BlindedMessage> outputs) {
        ArrayNode array = json.createArrayNode();
        outputs.forEach(o -> array.addObject()
                .put("amount", o.amount())
                .put("id", o.keysetId().value())
                .put("B_", o.blinded().toHex()));
        return array;
    }

    private static List<BlindSignature> signatures(JsonNode array) {
        if (!array.isArray()) {
            throw new IllegalArgumentException("signatures are missing");
        }
        List<BlindSignature> out = new ArrayList<>();
        array.forEach(s -> {
            JsonNode dleq = s.path("dleq");
            Optional<DleqProof> proof = dleq.isObject()
                    ? Optional.of(DleqProof.fromHex(
                            dleq.path("e").asText(), dleq.path("s").asText()))
                    : Optional.empty();
            out.add(new BlindSignature(
                    positive(s.path("amount")),
                    KeysetId.of(s.path("id").asText()),
                    CurvePoint.fromHex(s.path("C_").asText()),
                    proof));
        });
        return out;
    }

    private static long positive(JsonNode amount) {
        if (!amount.canConvertToLong() || amount.asLong() <= 0) {
            throw new IllegalArgumentException("an amount is a positive integer");
        }
        return amount.asLong();
    }

    private static List<KeysetInfo> parseKeysets(JsonNode body) {
        List<KeysetInfo> out = new ArrayList<>();
        body.path("keysets").forEach(k -> {
            KeysetId id;
            try {
                id = KeysetId.of(k.path("id").asText());
            } catch (IllegalArgumentException legacy) {
                // Pre-V1 base64 ids (Nutshell < 0.15): this wallet neither receives nor creates such proofs.
                return;
            }
            if (id.isShort()) {
                return;
            }
            JsonNode expiry = k.path("final_expiry");
            out.add(new KeysetInfo(
                    id,
                    CurrencyUnit.of(k.path("unit").asText("sat")),
                    k.path("active").asBoolean(true),
                    k.path("input_fee_ppk").asLong(0),
                    expiry.canConvertToLong() ? OptionalLong.of(expiry.asLong()) : OptionalLong.empty()));
        });
        return List.copyOf(out);
    }

    private static MintKeyset parseKeys(JsonNode body, KeysetInfo info) {
        JsonNode entry = null;
        for (JsonNode k : body.path("keysets")) {
            if (info.id().value().equals(k.path("id").asText())) {
                entry = k;
            }
        }
        if (entry == null) {
            throw new IllegalArgumentException("the mint did not return keyset " + info.id());
        }
        Map<BigInteger, CurvePoint> all = new HashMap<>();
        Map<Long, CurvePoint> usable = new HashMap<>();
        entry.path("keys").properties().forEach(e -> {
            BigInteger amount = new BigInteger(e.getKey());
            CurvePoint key = CurvePoint.fromHex(e.getValue().asText());
            all.put(amount, key);
            if (amount.signum() > 0 && amount.compareTo(MAX_LONG) <= 0) {
                usable.put(amount.longValueExact(), key);
            }
        });
        // NUT-02: a wallet recomputes the id and refuses keys that do not derive to it.
        if (!KeysetIds.matches(info.id(), all, info.unit(), info.inputFeePpk(), info.finalExpiry())) {
            throw new IllegalArgumentException("keyset " + info.id() + " does not match its keys");
        }
        return new MintKeyset(info.id(), info.unit(), info.active(), info.inputFeePpk(), usable);
    }

    private static MintKeyset withMetadata(MintKeyset keys, KeysetInfo info) {
        return new MintKeyset(keys.id(), info.unit(), info.active(), info.inputFeePpk(), keys.keys());
    }

    private static MintQuoteInfo mintQuote(JsonNode q) {
        String state = q.hasNonNull("state")
                ? q.path("state").asText()
                : q.path("paid").asBoolean() ? "PAID" : "UNPAID";
        return new MintQuoteInfo(
                QuoteId.of(text(q, "quote")),
                text(q, "request"),
                q.path("amount").asLong(),
                CurrencyUnit.of(q.path("unit").asText("sat")),
                state);
    }

    private static MeltQuoteInfo meltQuote(JsonNode q) {
        String state = q.hasNonNull("state")
                ? q.path("state").asText()
                : q.path("paid").asBoolean() ? "PAID" : "UNPAID";
        JsonNode change = q.path("change");
        return new MeltQuoteInfo(
                QuoteId.of(text(q, "quote")),
                positive(q.path("amount")),
                q.path("fee_reserve").asLong(0),
                state,
                q.hasNonNull("payment_preimage")
                        ? Optional.of(q.path("payment_preimage").asText())
                        : Optional.empty(),
                change.isArray() ? signatures(change) : List.of());
    }

    private static String text(JsonNode node, String field) {
        if (!node.path(field).isTextual()) {
            throw new IllegalArgumentException(field + " is missing");
        }
        return node.path(field).asText();
    }
    /**
     * {@code text} as one URL path segment (RFC 3986): every byte but the unreserved characters percent-encoded, so a
     * quote id the mint chose (it may hold {@code /}, {@code ?}, {@code #} or a space) names its quote and no other
     * route of the mint.
     */
    static String pathSegment(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z')
                    || (c >= 'a' && c <= 'z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '.'
                    || c == '_'
                    || c == '~') {
                out.append((char) c);
            } else {
                out.append('%')
                        .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
