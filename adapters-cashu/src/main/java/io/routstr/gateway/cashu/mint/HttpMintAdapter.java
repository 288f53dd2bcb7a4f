package io.routstr.gateway.cashu.mint;

import io.routstr.gateway.application.port.out.MintPort;
import io.routstr.gateway.application.port.out.MintPort.Call;
import io.routstr.gateway.cashu.crypto.CurvePoint;
import io.routstr.gateway.cashu.crypto.DleqProof;
import io.routstr.gateway.cashu.lnurl.Bolt11Invoice;
import io.routstr.gateway.domain.ecash.KeysetId;
import io.routstr.gateway.domain.ecash.Proof;
import io.routstr.gateway.domain.ecash.QuoteId;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Adapter: {@link MintPort} over the mint HTTP clients ({@link MintClients}, one {@link MintClient} per mint with its
 * keyset cache, bulkhead and circuit breaker). It only translates: the wire models of {@link MintApi} become the
 * port's typed answers, points their hex form.
 */
public final class HttpMintAdapter implements MintPort {

    private final MintClients mints;

    public HttpMintAdapter(MintClients mints) {
        this.mints = Objects.requireNonNull(mints, "mints");
    }

    @Override
    public Call<List<KeysetInfo>> keysets(MintUrl mint) {
        return answer(
                mints.client(mint).keysets(),
                list -> list.stream().map(HttpMintAdapter::keysetInfo).toList());
    }

    @Override
    public Call<List<KeysetInfo>> refreshKeysets(MintUrl mint) {
        return answer(
                mints.client(mint).refreshKeysets(),
                list -> list.stream().map(HttpMintAdapter::keysetInfo).toList());
    }

    @Override
    public Call<MintKeyset> keyset(MintUrl mint, KeysetId id) {
        return answer(mints.client(mint).keyset(id), HttpMintAdapter::keyset);
    }

    @Override
    public Call<MintKeyset> activeKeyset(MintUrl mint, CurrencyUnit unit) {
        return answer(mints.client(mint).activeKeyset(unit), HttpMintAdapter::keyset);
    }

    @Override
    public Call<List<BlindSignature>> swap(MintUrl mint, List<Proof> inputs, List<BlindedMessage> outputs) {
        return answer(mints.client(mint).swap(inputs, wire(outputs)), HttpMintAdapter::signatures);
    }

    @Override
    public boolean supportsQuoteLocks(MintUrl mint) {
        return mints.client(mint).supportsQuoteLocks();
    }

    @Override
    public Call<MintQuoteInfo> createMintQuote(MintUrl mint, long amount, CurrencyUnit unit, Optional<String> lockKey) {
        return answer(
                mints.client(mint).createMintQuote(amount, unit, lockKey.map(CurvePoint::fromHex)),
                HttpMintAdapter::mintQuote);
    }

    @Override
    public Call<MintQuoteInfo> mintQuote(MintUrl mint, QuoteId quoteId) {
        return answer(mints.client(mint).mintQuote(quoteId), HttpMintAdapter::mintQuote);
    }

    @Override
    public Call<List<BlindSignature>> mint(
            MintUrl mint, QuoteId quoteId, List<BlindedMessage> outputs, Optional<String> quoteSignature) {
        return answer(mints.client(mint).mint(quoteId, wire(outputs), quoteSignature), HttpMintAdapter::signatures);
    }

    @Override
    public Call<MeltQuoteInfo> createMeltQuote(MintUrl mint, String bolt11, CurrencyUnit unit) {
        return answer(mints.client(mint).createMeltQuote(bolt11, unit), HttpMintAdapter::meltQuote);
    }

    @Override
    public Call<MeltQuoteInfo> meltQuote(MintUrl mint, QuoteId quoteId) {
        return answer(mints.client(mint).meltQuote(quoteId), HttpMintAdapter::meltQuote);
    }

    @Override
    public Call<MeltQuoteInfo> melt(
            MintUrl mint, QuoteId quoteId, List<Proof> inputs, List<BlindedMessage> blankOutputs) {
        return answer(mints.client(mint).melt(quoteId, inputs, wire(blankOutputs)), HttpMintAdapter::meltQuote);
    }

    @Override
    public Call<List<ProofStateInfo>> checkState(MintUrl mint, List<String> ys) {
        return answer(
                mints.client(mint).checkState(ys),
                list -> list.stream()
                        .map(s -> new ProofStateInfo(s.y(), s.state()))
                        .toList());
    }

    @Override
    public Call<Restored> restore(MintUrl mint, List<BlindedMessage> outputs) {
        return answer(
                mints.client(mint).restore(wire(outputs)),
                r -> new Restored(
                        r.outputs().stream().map(HttpMintAdapter::message).toList(), signatures(r.signatures())));
    }

    private static <T, R> Call<R> answer(Call<T> call, Function<T, R> translate) {
        return switch (call) {
            case Call.Ok<T> ok -> new Call.Ok<>(translate.apply(ok.value()));
            case Call.Rejected<T> rejected -> new Call.Rejected<>(rejected.refusal());
            case Call.Unreachable<T> unreachable -> new Call.Unreachable<>(unreachable.reason());
            case Call.OutcomeUnknown<T> unknown -> new Call.OutcomeUnknown<>(unknown.reason());
        };
    }

    private static List<MintApi.BlindedMessage> wire(List<BlindedMessage> outputs) {
        return outputs.stream()
                .map(o -> new MintApi.BlindedMessage(o.amount(), o.keysetId(), CurvePoint.fromHex(o.blinded())))
                .toList();
    }

    private static BlindedMessage message(MintApi.BlindedMessage wire) {
        return new BlindedMessage(wire.amount(), wire.keysetId(), wire.blinded().toHex());
    }

    private static List<BlindSignature> signatures(List<MintApi.BlindSignature> wire) {
        return wire.stream()
                .map(s -> new BlindSignature(
                        s.amount(),
                        s.keysetId(),
                        s.signature().toHex(),
                        s.dleq().map(HttpMintAdapter::dleq)))
                .toList();
    }

    private static SignatureDleq dleq(DleqProof proof) {
        return new SignatureDleq(proof.eHex(), proof.sHex());
    }

    private static KeysetInfo keysetInfo(MintApi.KeysetInfo wire) {
        return new KeysetInfo(wire.id(), wire.unit(), wire.active(), wire.inputFeePpk(), wire.finalExpiry());
    }

    private static MintKeyset keyset(MintApi.MintKeyset wire) {
        Map<Long, String> keys = new HashMap<>();
        wire.keys().forEach((amount, key) -> keys.put(amount, key.toHex()));
        return new MintKeyset(wire.id(), wire.unit(), wire.active(), wire.inputFeePpk(), keys);
    }

    private static MintQuoteInfo mintQuote(MintApi.MintQuoteInfo wire) {
        return new MintQuoteInfo(
                wire.quote(),
                wire.request(),
                Bolt11Invoice.paymentHash(wire.request()),
                wire.amount(),
                wire.unit(),
                wire.state());
    }

    private static MeltQuoteInfo meltQuote(MintApi.MeltQuoteInfo wire) {
        return new MeltQuoteInfo(
                wire.quote(),
                wire.amount(),
                wire.feeReserve(),
                wire.state(),
                wire.preimage(),
                signatures(wire.change()));
    }
}
