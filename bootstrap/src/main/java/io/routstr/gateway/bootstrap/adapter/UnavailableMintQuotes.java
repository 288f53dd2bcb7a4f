package io.routstr.gateway.bootstrap.adapter;

import io.routstr.gateway.application.port.out.MintQuotePort;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;

/** Stands in for the Cashu wallet until one is configured: no invoices can be created or settled. */
public final class UnavailableMintQuotes implements MintQuotePort {

    private static final String REASON = "No Cashu wallet is configured on this node";

    @Override
    public QuoteRequest requestQuote(MintUrl mint, CurrencyUnit unit, long amount) {
        return new QuoteRequest.Unavailable(REASON);
    }

    @Override
    public QuoteStatus checkQuote(MintUrl mint, String quoteId) {
        return new QuoteStatus.Unreachable(REASON);
    }

    @Override
    public MintResult mint(MintUrl mint, CurrencyUnit unit, String quoteId, long amount) {
        return new MintResult.Failed(REASON);
    }
}
