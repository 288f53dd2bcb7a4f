package io.routstr.gateway.application.fake;

import io.routstr.gateway.application.service.wallet.MintQuotes;
import io.routstr.gateway.domain.ecash.QuoteId;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A mint's quote API with a fake Lightning backend: tests pay quotes by hand. Minting is idempotent per quote, as the
 * port requires; {@link #issues()} counts real issues.
 */
public final class FakeMintQuotes implements MintQuotes {

    private final Map<QuoteId, Long> amounts = new HashMap<>();
    private final Set<QuoteId> paid = new HashSet<>();
    private final Set<QuoteId> issued = new HashSet<>();
    private final Set<QuoteId> issuedElsewhere = new HashSet<>();
    private final Set<QuoteId> failing = new HashSet<>();
    private final AtomicInteger issues = new AtomicInteger();
    private boolean down;

    public synchronized void pay(QuoteId quoteId) {
        paid.add(quoteId);
    }

    /** The quote behind a BOLT11 string this fake handed out, as the mint knows it. */
    public synchronized QuoteId quoteOf(String bolt11) {
        return amounts.keySet().stream()
                .filter(quote -> bolt11.endsWith("1" + quote.value()))
                .findFirst()
                .orElseThrow();
    }

    /** Pays the invoice as a payer would, knowing only its BOLT11 string. */
    public synchronized void payInvoice(String bolt11) {
        paid.add(quoteOf(bolt11));
    }

    /** Someone else who held the quote id mints it: the mint reports it ISSUED, and refuses this wallet. */
    public synchronized void mintElsewhere(QuoteId quoteId) {
        paid.add(quoteId);
        issuedElsewhere.add(quoteId);
    }

    /** Minting this quote fails (a mint fault) until the test says otherwise. */
    public synchronized void failMinting(QuoteId quoteId) {
        failing.add(quoteId);
    }

    /** The payment hash of the fake invoice for {@code quoteId}: what a payer's wallet shows. */
    public static String paymentHashOf(QuoteId quoteId) {
        return String.format("%064x", quoteId.value().hashCode() & 0xffffffffL);
    }

    public synchronized void setDown(boolean down) {
        this.down = down;
    }

    public int issues() {
        return issues.get();
    }

    @Override
    public synchronized QuoteRequest requestQuote(MintUrl mint, CurrencyUnit unit, long amount) {
        if (down) {
            return new QuoteRequest.Unavailable("mint down");
        }
        QuoteId quote = QuoteId.of("quote-" + amounts.size());
        amounts.put(quote, amount);
        return new QuoteRequest.Created(
                quote,
                "lnbc" + amount + "n1" + quote.value(),
                paymentHashOf(quote),
                Instant.parse("2100-01-01T00:00:00Z"));
    }

    @Override
    public synchronized QuoteStatus checkQuote(MintUrl mint, QuoteId quoteId) {
        if (down) {
            return new QuoteStatus.Unreachable("mint down");
        }
        if (!amounts.containsKey(quoteId)) {
            return new QuoteStatus.Unknown();
        }
        if (issued.contains(quoteId) || issuedElsewhere.contains(quoteId)) {
            return new QuoteStatus.Issued();
        }
        return paid.contains(quoteId) ? new QuoteStatus.Paid() : new QuoteStatus.Unpaid();
    }

    @Override
    public synchronized MintResult mint(MintUrl mint, CurrencyUnit unit, QuoteId quoteId, long amount) {
        if (down) {
            return new MintResult.Failed("mint down");
        }
        if (!paid.contains(quoteId)) {
            return new MintResult.NotPaid();
        }
        if (issuedElsewhere.contains(quoteId)) {
            return new MintResult.IssuedElsewhere();
        }
        if (failing.contains(quoteId)) {
            return new MintResult.Failed("mint fault");
        }
        if (issued.add(quoteId)) {
            issues.incrementAndGet();
        }
        return new MintResult.Minted(unit.toMsats(amounts.get(quoteId)));
    }
}
