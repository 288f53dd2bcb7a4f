package io.routstr.gateway.application.service.wallet;

import io.routstr.gateway.application.port.out.MintPort;
import io.routstr.gateway.application.port.out.MintPort.BlindSignature;
import io.routstr.gateway.application.port.out.MintPort.BlindedMessage;
import io.routstr.gateway.application.port.out.MintPort.Call;
import io.routstr.gateway.application.port.out.MintPort.KeysetInfo;
import io.routstr.gateway.application.port.out.MintPort.MeltQuoteInfo;
import io.routstr.gateway.application.port.out.MintPort.MintKeyset;
import io.routstr.gateway.application.port.out.MintPort.MintQuoteInfo;
import io.routstr.gateway.application.port.out.MintPort.ProofStateInfo;
import io.routstr.gateway.application.port.out.MintPort.Restored;
import io.routstr.gateway.domain.ecash.KeysetId;
import io.routstr.gateway.domain.ecash.Proof;
import io.routstr.gateway.domain.ecash.QuoteId;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import java.util.List;
import java.util.Optional;

/** The {@link MintPort} bound to one mint: what one wallet job talks to. */
record MintAt(MintPort mints, MintUrl url) {

    Call<List<KeysetInfo>> keysets() {
        return mints.keysets(url);
    }

    Call<List<KeysetInfo>> refreshKeysets() {
        return mints.refreshKeysets(url);
    }

    Call<MintKeyset> keyset(KeysetId id) {
        return mints.keyset(url, id);
    }

    Call<MintKeyset> activeKeyset(CurrencyUnit unit) {
        return mints.activeKeyset(url, unit);
    }

    Call<List<BlindSignature>> swap(List<Proof> inputs, List<BlindedMessage> outputs) {
        return mints.swap(url, inputs, outputs);
    }

    boolean supportsQuoteLocks() {
        return mints.supportsQuoteLocks(url);
    }

    Call<MintQuoteInfo> createMintQuote(long amount, CurrencyUnit unit, Optional<String> lockKey) {
        return mints.createMintQuote(url, amount, unit, lockKey);
    }

    Call<MintQuoteInfo> mintQuote(QuoteId quoteId) {
        return mints.mintQuote(url, quoteId);
    }

    Call<List<BlindSignature>> mint(QuoteId quoteId, List<BlindedMessage> outputs, Optional<String> signature) {
        return mints.mint(url, quoteId, outputs, signature);
    }

    Call<MeltQuoteInfo> createMeltQuote(String bolt11, CurrencyUnit unit) {
        return mints.createMeltQuote(url, bolt11, unit);
    }

    Call<MeltQuoteInfo> meltQuote(QuoteId quoteId) {
        return mints.meltQuote(url, quoteId);
    }

    Call<MeltQuoteInfo> melt(QuoteId quoteId, List<Proof> inputs, List<BlindedMessage> blankOutputs) {
        return mints.melt(url, quoteId, inputs, blankOutputs);
    }

    Call<List<ProofStateInfo>> checkState(List<String> ys) {
        return mints.checkState(url, ys);
    }

    Call<Restored> restore(List<BlindedMessage> outputs) {
        return mints.restore(url, outputs);
    }
}
