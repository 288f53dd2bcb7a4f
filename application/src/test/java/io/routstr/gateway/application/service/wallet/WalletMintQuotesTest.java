package io.routstr.gateway.application.service.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.fake.MutableClock;
import io.routstr.gateway.application.fake.ScriptedEcashWallet;
import io.routstr.gateway.application.service.wallet.EcashWallet.Failure;
import io.routstr.gateway.application.service.wallet.EcashWallet.FailureKind;
import io.routstr.gateway.application.service.wallet.EcashWallet.MintQuote;
import io.routstr.gateway.application.service.wallet.EcashWallet.QuoteState;
import io.routstr.gateway.application.service.wallet.MintQuotes.QuoteRequest;
import io.routstr.gateway.application.service.wallet.MintQuotes.QuoteStatus;
import io.routstr.gateway.domain.ecash.QuoteId;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Lightning top-up quotes as the invoice use cases see them, read off the wallet's answers and the node's clock. */
class WalletMintQuotesTest {

    private static final MintUrl MINT = MintUrl.of("https://mint.example");

    private final MutableClock clock = MutableClock.at("2031-05-04T10:00:00Z");

    private static ScriptedEcashWallet walletAnswering(EcashWallet.MintQuoteOutcome answer) {
        return new ScriptedEcashWallet().quoting(answer);
    }

    private static MintQuote quote(QuoteState state, Optional<String> paymentHash) {
        return new MintQuote(QuoteId.of("quote-1"), "lnbc1000n1invoice", paymentHash, 100, CurrencyUnit.SAT, state);
    }

    @Test
    void aNewQuote_expiresAnHourAfterTheNodesClockReceivedIt() {
        WalletMintQuotes quotes =
                new WalletMintQuotes(walletAnswering(quote(QuoteState.UNPAID, Optional.of("ab12"))), clock);

        QuoteRequest request = quotes.requestQuote(MINT, CurrencyUnit.SAT, 100);

        assertThat(request)
                .isEqualTo(new QuoteRequest.Created(
                        QuoteId.of("quote-1"), "lnbc1000n1invoice", "ab12", Instant.parse("2031-05-04T11:00:00Z")));
    }

    @Test
    void anInvoiceWithoutAPaymentHash_isNoQuote() {
        WalletMintQuotes quotes =
                new WalletMintQuotes(walletAnswering(quote(QuoteState.UNPAID, Optional.empty())), clock);

        assertThat(quotes.requestQuote(MINT, CurrencyUnit.SAT, 100)).isInstanceOf(QuoteRequest.Unavailable.class);
    }

    @Test
    void anUnreachableMint_isToldFromAnUnknownQuote() {
        assertThat(new WalletMintQuotes(walletAnswering(Failure.of(FailureKind.MINT_UNREACHABLE, "down")), clock)
                        .checkQuote(MINT, QuoteId.of("quote-1")))
                .isInstanceOf(QuoteStatus.Unreachable.class);
        assertThat(new WalletMintQuotes(walletAnswering(Failure.of(FailureKind.MINT_REJECTED, "no")), clock)
                        .checkQuote(MINT, QuoteId.of("quote-1")))
                .isInstanceOf(QuoteStatus.Unknown.class);
        assertThat(new WalletMintQuotes(walletAnswering(quote(QuoteState.PAID, Optional.of("ab12"))), clock)
                        .checkQuote(MINT, QuoteId.of("quote-1")))
                .isInstanceOf(QuoteStatus.Paid.class);
    }
}
