package io.routstr.gateway.application.service.wallet;

import io.routstr.gateway.application.port.out.ClockPort;
import io.routstr.gateway.application.service.wallet.EcashWallet.Failure;
import io.routstr.gateway.application.service.wallet.EcashWallet.FailureKind;
import io.routstr.gateway.application.service.wallet.EcashWallet.MintQuote;
import io.routstr.gateway.application.service.wallet.EcashWallet.Minted;
import io.routstr.gateway.domain.ecash.QuoteId;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import java.time.Duration;

/**
 * Lightning top-up quotes through the Cashu wallet (NUT-04); minting a quote is idempotent in the wallet's journal. A
 * quote is taken to expire an hour after the node's clock received it, the validity mints give their quotes.
 */
public record WalletMintQuotes(EcashWallet wallet, ClockPort clock) implements MintQuotes {

    private static final Duration QUOTE_VALIDITY = Duration.ofHours(1);

    @Override
    public QuoteRequest requestQuote(MintUrl mint, CurrencyUnit unit, long amount) {
        return switch (wallet.createMintQuote(mint, unit, amount)) {
            case MintQuote quote ->
                quote.paymentHash()
                        .<QuoteRequest>map(hash -> new QuoteRequest.Created(
                                quote.quoteId(),
                                quote.request(),
                                hash,
                                clock.now().plus(QUOTE_VALIDITY)))
                        // An invoice without a payment hash is no BOLT11 invoice a payer's wallet could pay.
                        .orElseGet(() -> new QuoteRequest.Unavailable("the mint's invoice carries no payment hash"));
            case Failure failure -> new QuoteRequest.Unavailable(failure.detail());
        };
    }

    @Override
    public QuoteStatus checkQuote(MintUrl mint, QuoteId quoteId) {
        return switch (wallet.checkMintQuote(mint, quoteId)) {
            case MintQuote quote ->
                switch (quote.state()) {
                    case UNPAID, PENDING -> new QuoteStatus.Unpaid();
                    case PAID -> new QuoteStatus.Paid();
                    case ISSUED -> new QuoteStatus.Issued();
                };
            case Failure failure ->
                failure.kind() == FailureKind.MINT_UNREACHABLE || failure.kind() == FailureKind.MINT_RATE_LIMITED
                        ? new QuoteStatus.Unreachable(failure.detail())
                        : new QuoteStatus.Unknown();
        };
    }

    @Override
    public MintResult mint(MintUrl mint, CurrencyUnit unit, QuoteId quoteId, long amount) {
        return switch (wallet.mintFromQuote(mint, unit, quoteId, amount)) {
            case Minted minted -> new MintResult.Minted(minted.amount());
            case Failure failure ->
                switch (failure.kind()) {
                    case QUOTE_NOT_PAID -> new MintResult.NotPaid();
                    // The wallet answers a quote it minted itself from its journal, so a mint that calls the quote
                    // issued issued it to someone else.
                    case QUOTE_ALREADY_ISSUED -> new MintResult.IssuedElsewhere();
                    default -> new MintResult.Failed(failure.detail());
                };
        };
    }
}
