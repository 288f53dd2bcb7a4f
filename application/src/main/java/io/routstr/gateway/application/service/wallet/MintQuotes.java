package io.routstr.gateway.application.service.wallet;

import io.routstr.gateway.domain.ecash.QuoteId;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import io.routstr.gateway.domain.money.Msats;
import java.time.Instant;

/**
 * Lightning top-ups through a mint's NUT-04 quotes. The node runs no Lightning node: a client pays the mint's
 * invoice, and the node mints the paid quote's ecash into its own wallet. Implemented by {@link WalletMintQuotes}; an
 * application seam, not an output port.
 */
public interface MintQuotes {

    QuoteRequest requestQuote(MintUrl mint, CurrencyUnit unit, long amount);

    QuoteStatus checkQuote(MintUrl mint, QuoteId quoteId);

    /**
     * Mints a paid quote into the wallet. Must be idempotent per quote: asked again after a crash between minting and
     * crediting, it answers {@link Minted} with the same amount (from its own records, or by NUT-09 restore), never a
     * second issue and never a loss.
     */
    MintResult mint(MintUrl mint, CurrencyUnit unit, QuoteId quoteId, long amount);

    /** What came of asking for a quote. */
    sealed interface QuoteRequest {
        /** {@code paymentHash}: the BOLT11 invoice's payment hash ({@code p} tag), hex; never the quote id. */
        record Created(QuoteId quoteId, String bolt11, String paymentHash, Instant mintExpiry)
                implements QuoteRequest {}

        record Unavailable(String reason) implements QuoteRequest {}
    }

    /** The mint's view of a quote (NUT-04 states), or why it could not be read. */
    sealed interface QuoteStatus {
        record Unpaid() implements QuoteStatus {}

        record Paid() implements QuoteStatus {}

        /** Issued: minted already (by us, possibly before a crash). */
        record Issued() implements QuoteStatus {}

        /** The mint does not know the quote: definitively unpaid (Routstr §13.10). */
        record Unknown() implements QuoteStatus {}

        record Unreachable(String reason) implements QuoteStatus {}
    }

    /** What came of minting a quote. */
    sealed interface MintResult {
        record Minted(Msats amount) implements MintResult {}

        record NotPaid() implements MintResult {}

        /** Worth trying again later; the quote stays claimable. */
        record Failed(String reason) implements MintResult {}

        /**
         * The mint issued the quote's ecash, but not to this wallet (whoever else held the quote id minted it): the
         * invoice can never be credited.
         */
        record IssuedElsewhere() implements MintResult {}
    }
}
