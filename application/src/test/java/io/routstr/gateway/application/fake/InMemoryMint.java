package io.routstr.gateway.application.fake;

import io.routstr.gateway.application.port.out.MintPort;
import io.routstr.gateway.domain.ecash.KeysetId;
import io.routstr.gateway.domain.ecash.Proof;
import io.routstr.gateway.domain.ecash.QuoteId;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * In-memory {@link MintPort}: every URL is its own mint, with one active keyset per Bitcoin unit (powers of two up
 * to 2^30) signing in {@link FakeWalletCrypto}'s scheme. It keeps what a real mint keeps (spent {@code Y}s, signed
 * outputs, mint and melt quotes) and refuses with the kinds and NUT codes a real mint answers: a spent input, an
 * output signed before, an unbalanced swap, a quote already issued or not paid, a wrong quote signature.
 *
 * <p>Mint quotes are paid at once, as the test mints' fake Lightning backends do, unless {@link #payQuotesManually()}.
 * Bolt11 invoices are {@link #invoice(long)} strings. {@link #loseNextAnswer()} lets the next swap, mint or melt take
 * effect and then answers {@link Call.OutcomeUnknown}, as a connection cut after the request does.
 */
public final class InMemoryMint implements MintPort {

    private static final Pattern INVOICE = Pattern.compile("lnfake(\\d+)s[0-9a-f]+");
    private static final int MAX_ORDER = 30;

    private final long inputFeePpk;
    private final Map<MintUrl, State> mints = new HashMap<>();
    private boolean autoPay = true;
    private boolean quoteLocks = true;
    private boolean reachable = true;
    private int answersToLose;

    public InMemoryMint() {
        this(0);
    }

    /** A mint charging {@code inputFeePpk} parts per thousand per input (NUT-02). */
    public InMemoryMint(long inputFeePpk) {
        this.inputFeePpk = inputFeePpk;
    }

    /** Mint quotes stay unpaid until {@link #pay(MintUrl, QuoteId)}. */
    public synchronized InMemoryMint payQuotesManually() {
        autoPay = false;
        return this;
    }

    /** The mint does not support NUT-20 quote locks. */
    public synchronized InMemoryMint withoutQuoteLocks() {
        quoteLocks = false;
        return this;
    }

    /** While false, every call answers {@link Call.Unreachable} and changes nothing. */
    public synchronized void reachable(boolean reachable) {
        this.reachable = reachable;
    }

    /** The next swap, mint or melt is processed, but its answer is lost on the way back. */
    public synchronized void loseNextAnswer() {
        answersToLose++;
    }

    /** The Lightning invoice of {@code sats} this mint's melt quotes read. */
    public static String invoice(long sats) {
        return "lnfake" + sats + "s" + UUID.randomUUID().toString().replace("-", "");
    }

    /** Marks a mint quote paid, as the payer of its invoice does. */
    public synchronized void pay(MintUrl mint, QuoteId quoteId) {
        MintQuote quote = state(mint).mintQuotes.get(quoteId);
        if (quote != null && quote.state.equals("UNPAID")) {
            quote.state = "PAID";
        }
    }

    /** Fresh unspent proofs worth {@code amount} of the active keyset of {@code unit}, as another wallet holds them. */
    public synchronized List<Proof> proofsWorth(MintUrl mint, CurrencyUnit unit, long amount) {
        Keyset keyset = state(mint).active(unit);
        List<Proof> proofs = new ArrayList<>();
        for (long part : split(amount)) {
            String secret =
                    FakeWalletCrypto.hex("client secret", UUID.randomUUID().toString());
            proofs.add(Proof.of(part, keyset.id, secret, FakeWalletCrypto.signature(keyset.key(part), secret)));
        }
        return proofs;
    }

    /** Whether the proof with this {@code Y} has been spent at {@code mint}. */
    public synchronized boolean isSpent(MintUrl mint, String y) {
        return state(mint).spent.contains(y);
    }

    /** Holds proofs as {@code PENDING}, as a melt in flight at the mint does. */
    public synchronized void holdPending(MintUrl mint, List<String> ys) {
        state(mint).pending.addAll(ys);
    }

    @Override
    public synchronized Call<List<KeysetInfo>> keysets(MintUrl mint) {
        if (!reachable) {
            return offline();
        }
        return ok(state(mint).keysets.values().stream()
                .map(k -> new KeysetInfo(k.id, k.unit, true, inputFeePpk, OptionalLong.empty()))
                .toList());
    }

    @Override
    public Call<List<KeysetInfo>> refreshKeysets(MintUrl mint) {
        return keysets(mint);
    }

    @Override
    public synchronized Call<MintKeyset> keyset(MintUrl mint, KeysetId id) {
        if (!reachable) {
            return offline();
        }
        Keyset keyset = state(mint).keysets.get(id);
        return keyset == null ? refused(RefusalKind.UNKNOWN_KEYSET, 12001, "unknown keyset") : ok(keyset.info());
    }

    @Override
    public synchronized Call<MintKeyset> activeKeyset(MintUrl mint, CurrencyUnit unit) {
        if (!reachable) {
            return offline();
        }
        if (!unit.isBitcoin()) {
            return refused(RefusalKind.UNIT_MISMATCH, 11013, "unsupported unit");
        }
        return ok(state(mint).active(unit).info());
    }

    @Override
    public synchronized Call<List<BlindSignature>> swap(
            MintUrl mint, List<Proof> inputs, List<BlindedMessage> outputs) {
        if (!reachable) {
            return offline();
        }
        State state = state(mint);
        Optional<Refusal> refusal = state.checkInputs(inputs)
                .or(() -> state.checkOutputs(outputs))
                .or(() -> state.sameUnit(inputs, outputs));
        if (refusal.isPresent()) {
            return new Call.Rejected<>(refusal.get());
        }
        long in = inputs.stream().mapToLong(Proof::amount).sum() - fee(inputs.size());
        long out = outputs.stream().mapToLong(BlindedMessage::amount).sum();
        if (in != out) {
            return refused(RefusalKind.UNBALANCED, 11005, "inputs minus fees do not equal outputs");
        }
        state.spend(inputs);
        return answer(state.sign(outputs));
    }

    @Override
    public synchronized boolean supportsQuoteLocks(MintUrl mint) {
        return quoteLocks;
    }

    @Override
    public synchronized Call<MintQuoteInfo> createMintQuote(
            MintUrl mint, long amount, CurrencyUnit unit, Optional<String> lockKey) {
        if (!reachable) {
            return offline();
        }
        if (amount <= 0 || !unit.isBitcoin()) {
            return refused(RefusalKind.AMOUNT_OUT_OF_RANGE, 11006, "amount or unit not accepted");
        }
        QuoteId id = QuoteId.of(UUID.randomUUID().toString());
        MintQuote quote = new MintQuote(id, invoice(amount), amount, unit, quoteLocks ? lockKey : Optional.empty());
        quote.state = autoPay ? "PAID" : "UNPAID";
        state(mint).mintQuotes.put(id, quote);
        return ok(quote.info());
    }

    @Override
    public synchronized Call<MintQuoteInfo> mintQuote(MintUrl mint, QuoteId quoteId) {
        if (!reachable) {
            return offline();
        }
        MintQuote quote = state(mint).mintQuotes.get(quoteId);
        return quote == null ? refused(RefusalKind.QUOTE_NOT_FOUND, 20000, "quote not found") : ok(quote.info());
    }

    @Override
    public synchronized Call<List<BlindSignature>> mint(
            MintUrl mint, QuoteId quoteId, List<BlindedMessage> outputs, Optional<String> quoteSignature) {
        if (!reachable) {
            return offline();
        }
        State state = state(mint);
        MintQuote quote = state.mintQuotes.get(quoteId);
        if (quote == null) {
            return refused(RefusalKind.QUOTE_NOT_FOUND, 20000, "quote not found");
        }
        switch (quote.state) {
            case "UNPAID" -> {
                return refused(RefusalKind.QUOTE_NOT_PAID, 20001, "quote not paid");
            }
            case "ISSUED" -> {
                return refused(RefusalKind.QUOTE_ALREADY_ISSUED, 20002, "quote already issued");
            }
            default -> {}
        }
        if (quote.lockKey.isPresent() && !signedByLock(quote, outputs, quoteSignature)) {
            return refused(RefusalKind.QUOTE_SIGNATURE_INVALID, 20008, "quote signature missing or invalid");
        }
        Optional<Refusal> refusal = state.checkOutputs(outputs);
        if (refusal.isPresent()) {
            return new Call.Rejected<>(refusal.get());
        }
        if (outputs.stream().mapToLong(BlindedMessage::amount).sum() != quote.amount
                || outputs.stream()
                        .anyMatch(o -> !state.keysets.get(o.keysetId()).unit.equals(quote.unit))) {
            return refused(RefusalKind.UNBALANCED, 11005, "outputs do not match the quote");
        }
        quote.state = "ISSUED";
        return answer(state.sign(outputs));
    }

    @Override
    public synchronized Call<MeltQuoteInfo> createMeltQuote(MintUrl mint, String bolt11, CurrencyUnit unit) {
        if (!reachable) {
            return offline();
        }
        Matcher invoice = INVOICE.matcher(bolt11);
        if (!invoice.matches() || !unit.isBitcoin()) {
            return refused(RefusalKind.OTHER, 20000, "not an invoice this mint pays");
        }
        long sats = Long.parseLong(invoice.group(1));
        long amount = unit.equals(CurrencyUnit.SAT) ? sats : sats * 1000;
        MeltQuote quote = new MeltQuote(QuoteId.of(UUID.randomUUID().toString()), amount, unit);
        state(mint).meltQuotes.put(quote.id, quote);
        return ok(quote.info());
    }

    @Override
    public synchronized Call<MeltQuoteInfo> meltQuote(MintUrl mint, QuoteId quoteId) {
        if (!reachable) {
            return offline();
        }
        MeltQuote quote = state(mint).meltQuotes.get(quoteId);
        return quote == null ? refused(RefusalKind.QUOTE_NOT_FOUND, 20000, "quote not found") : ok(quote.info());
    }

    @Override
    public synchronized Call<MeltQuoteInfo> melt(
            MintUrl mint, QuoteId quoteId, List<Proof> inputs, List<BlindedMessage> blankOutputs) {
        if (!reachable) {
            return offline();
        }
        State state = state(mint);
        MeltQuote quote = state.meltQuotes.get(quoteId);
        if (quote == null) {
            return refused(RefusalKind.QUOTE_NOT_FOUND, 20000, "quote not found");
        }
        if (quote.state.equals("PAID")) {
            return refused(RefusalKind.INVOICE_ALREADY_PAID, 20006, "invoice already paid");
        }
        Optional<Refusal> refusal = state.checkInputs(inputs).or(() -> state.checkOutputs(blankOutputs));
        if (refusal.isPresent()) {
            return new Call.Rejected<>(refusal.get());
        }
        long available = inputs.stream().mapToLong(Proof::amount).sum() - fee(inputs.size());
        if (available < quote.amount) {
            return refused(RefusalKind.UNBALANCED, 11005, "inputs do not cover the quote");
        }
        state.spend(inputs);
        List<BlindedMessage> change = new ArrayList<>();
        List<Long> parts = split(available - quote.amount);
        Keyset keyset = state.active(quote.unit);
        for (int i = 0; i < parts.size() && i < blankOutputs.size(); i++) {
            change.add(new BlindedMessage(
                    parts.get(i), keyset.id, blankOutputs.get(i).blinded()));
        }
        quote.change = state.sign(change);
        quote.state = "PAID";
        quote.preimage = Optional.of(FakeWalletCrypto.hex("preimage", quote.id.value()));
        return answer(quote.info());
    }

    @Override
    public synchronized Call<List<ProofStateInfo>> checkState(MintUrl mint, List<String> ys) {
        if (!reachable) {
            return offline();
        }
        State state = state(mint);
        return ok(ys.stream()
                .map(y -> new ProofStateInfo(
                        y, state.spent.contains(y) ? "SPENT" : state.pending.contains(y) ? "PENDING" : "UNSPENT"))
                .toList());
    }

    @Override
    public synchronized Call<Restored> restore(MintUrl mint, List<BlindedMessage> outputs) {
        if (!reachable) {
            return offline();
        }
        State state = state(mint);
        List<BlindedMessage> found = new ArrayList<>();
        List<BlindSignature> signatures = new ArrayList<>();
        for (BlindedMessage output : outputs) {
            BlindSignature signature = state.signed.get(output.blinded());
            if (signature != null) {
                found.add(new BlindedMessage(signature.amount(), signature.keysetId(), output.blinded()));
                signatures.add(signature);
            }
        }
        return ok(new Restored(found, signatures));
    }

    private long fee(int inputs) {
        return Math.ceilDiv(inputs * inputFeePpk, 1000);
    }

    private static boolean signedByLock(MintQuote quote, List<BlindedMessage> outputs, Optional<String> signature) {
        String key = quote.lockKey.orElseThrow();
        return signature.isPresent()
                && (signature.get().equals(FakeWalletCrypto.mintRequestSignature(key, quote.id, outputs, false))
                        || signature.get().equals(FakeWalletCrypto.mintRequestSignature(key, quote.id, outputs, true)));
    }

    private <T> Call<T> answer(T value) {
        if (answersToLose > 0) {
            answersToLose--;
            return new Call.OutcomeUnknown<>("the in-memory mint's answer was lost");
        }
        return ok(value);
    }

    private State state(MintUrl mint) {
        return mints.computeIfAbsent(mint, State::new);
    }

    private static List<Long> split(long amount) {
        List<Long> parts = new ArrayList<>();
        for (int order = MAX_ORDER; order >= 0; order--) {
            long part = 1L << order;
            while (amount >= part) {
                parts.add(part);
                amount -= part;
            }
        }
        return parts.reversed();
    }

    private static <T> Call<T> ok(T value) {
        return new Call.Ok<>(value);
    }

    private static <T> Call<T> offline() {
        return new Call.Unreachable<>("the in-memory mint is offline");
    }

    private static <T> Call<T> refused(RefusalKind kind, int code, String detail) {
        return new Call.Rejected<>(new Refusal(kind, code, detail));
    }

    private static Refusal refusal(RefusalKind kind, int code, String detail) {
        return new Refusal(kind, code, detail);
    }

    /** One keyset; its keys double as signing keys in the fake scheme. */
    private record Keyset(KeysetId id, CurrencyUnit unit, Map<Long, String> keys) {
        String key(long amount) {
            return keys.get(amount);
        }

        MintKeyset info() {
            return new MintKeyset(id, unit, true, 0, keys);
        }
    }

    private final class State {
        final Map<KeysetId, Keyset> keysets = new LinkedHashMap<>();
        final Set<String> spent = new HashSet<>();
        final Set<String> pending = new HashSet<>();
        final Map<String, BlindSignature> signed = new HashMap<>();
        final Map<QuoteId, MintQuote> mintQuotes = new HashMap<>();
        final Map<QuoteId, MeltQuote> meltQuotes = new HashMap<>();

        State(MintUrl url) {
            for (CurrencyUnit unit : List.of(CurrencyUnit.SAT, CurrencyUnit.MSAT)) {
                KeysetId id = KeysetId.of("00"
                        + FakeWalletCrypto.hex("keyset", url.toString(), unit.toString())
                                .substring(0, 14));
                Map<Long, String> keys = new LinkedHashMap<>();
                for (int order = 0; order <= MAX_ORDER; order++) {
                    keys.put(1L << order, FakeWalletCrypto.point("key", id.value(), Long.toString(1L << order)));
                }
                keysets.put(id, new Keyset(id, unit, Map.copyOf(keys)));
            }
        }

        Keyset active(CurrencyUnit unit) {
            return keysets.values().stream()
                    .filter(k -> k.unit.equals(unit))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no keyset of " + unit));
        }

        Optional<Refusal> checkInputs(List<Proof> inputs) {
            if (inputs.isEmpty()) {
                return Optional.of(refusal(RefusalKind.UNBALANCED, 11005, "no inputs"));
            }
            Set<String> ys = new HashSet<>();
            for (Proof input : inputs) {
                Keyset keyset = keysets.get(input.keysetId());
                if (keyset == null) {
                    return Optional.of(refusal(RefusalKind.UNKNOWN_KEYSET, 12001, "unknown keyset"));
                }
                String key = keyset.key(input.amount());
                if (key == null
                        || !FakeWalletCrypto.signature(key, input.secret()).equals(input.c())) {
                    return Optional.of(refusal(RefusalKind.VERIFICATION_FAILED, 10001, "proof does not verify"));
                }
                if (!ys.add(y(input))) {
                    return Optional.of(refusal(RefusalKind.DUPLICATE_INPUTS, 11007, "duplicate inputs"));
                }
            }
            if (ys.stream().anyMatch(spent::contains)) {
                return Optional.of(refusal(RefusalKind.ALREADY_SPENT, 11001, "proofs already spent"));
            }
            if (ys.stream().anyMatch(pending::contains)) {
                return Optional.of(refusal(RefusalKind.PROOFS_PENDING, 11002, "proofs are pending"));
            }
            return Optional.empty();
        }

        Optional<Refusal> checkOutputs(List<BlindedMessage> outputs) {
            Set<String> seen = new HashSet<>();
            for (BlindedMessage output : outputs) {
                Keyset keyset = keysets.get(output.keysetId());
                if (keyset == null) {
                    return Optional.of(refusal(RefusalKind.UNKNOWN_KEYSET, 12001, "unknown keyset"));
                }
                if (keyset.key(output.amount()) == null) {
                    return Optional.of(refusal(RefusalKind.AMOUNT_OUT_OF_RANGE, 11006, "amount not in keyset"));
                }
                if (!seen.add(output.blinded())) {
                    return Optional.of(refusal(RefusalKind.DUPLICATE_OUTPUTS, 11008, "duplicate outputs"));
                }
                if (signed.containsKey(output.blinded())) {
                    return Optional.of(refusal(RefusalKind.OUTPUTS_ALREADY_SIGNED, 10002, "outputs already signed"));
                }
            }
            return Optional.empty();
        }

        Optional<Refusal> sameUnit(List<Proof> inputs, List<BlindedMessage> outputs) {
            Set<CurrencyUnit> units = new HashSet<>();
            inputs.forEach(p -> units.add(keysets.get(p.keysetId()).unit));
            outputs.forEach(o -> units.add(keysets.get(o.keysetId()).unit));
            return units.size() > 1
                    ? Optional.of(refusal(RefusalKind.UNIT_MISMATCH, 11009, "inputs and outputs of several units"))
                    : Optional.empty();
        }

        void spend(List<Proof> inputs) {
            inputs.forEach(p -> spent.add(y(p)));
        }

        List<BlindSignature> sign(List<BlindedMessage> outputs) {
            List<BlindSignature> signatures = new ArrayList<>();
            for (BlindedMessage output : outputs) {
                String key = keysets.get(output.keysetId()).key(output.amount());
                BlindSignature signature = new BlindSignature(
                        output.amount(),
                        output.keysetId(),
                        FakeWalletCrypto.blindSignature(key, output.blinded()),
                        Optional.empty());
                signed.put(output.blinded(), signature);
                signatures.add(signature);
            }
            return signatures;
        }

        private String y(Proof proof) {
            return FakeWalletCrypto.point("Y", proof.secret());
        }
    }

    private static final class MintQuote {
        final QuoteId id;
        final String request;
        final long amount;
        final CurrencyUnit unit;
        final Optional<String> lockKey;
        String state = "UNPAID";

        MintQuote(QuoteId id, String request, long amount, CurrencyUnit unit, Optional<String> lockKey) {
            this.id = id;
            this.request = request;
            this.amount = amount;
            this.unit = unit;
            this.lockKey = lockKey;
        }

        MintQuoteInfo info() {
            return new MintQuoteInfo(
                    id, request, Optional.of(FakeWalletCrypto.hex("payment hash", request)), amount, unit, state);
        }
    }

    private static final class MeltQuote {
        final QuoteId id;
        final long amount;
        final CurrencyUnit unit;
        String state = "UNPAID";
        Optional<String> preimage = Optional.empty();
        List<BlindSignature> change = List.of();

        MeltQuote(QuoteId id, long amount, CurrencyUnit unit) {
            this.id = id;
            this.amount = amount;
            this.unit = unit;
        }

        MeltQuoteInfo info() {
            return new MeltQuoteInfo(id, amount, 0, state, preimage, change);
        }
    }
}
