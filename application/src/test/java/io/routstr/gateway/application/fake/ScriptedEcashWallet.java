package io.routstr.gateway.application.fake;

import io.routstr.gateway.application.service.wallet.EcashWallet;
import io.routstr.gateway.domain.ecash.QuoteId;
import io.routstr.gateway.domain.ecash.TokenFingerprint;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import io.routstr.gateway.domain.money.Msats;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * {@link EcashWallet} answering what a test scripted, for the services that decide over the wallet's outcomes
 * (payouts, quotes, balances). It records the operations asked of it by name; an operation nobody scripted fails the
 * test loudly instead of answering something made up.
 */
public final class ScriptedEcashWallet implements EcashWallet {

    private final List<String> calls = new ArrayList<>();
    private ReceiveOutcome receive;
    private SendOutcome send;
    private MeltOutcome melt;
    private MintQuoteOutcome mintQuote;
    private MintOutcome mint;
    private List<ProofBalance> balances = List.of();

    public synchronized ScriptedEcashWallet receiving(ReceiveOutcome outcome) {
        this.receive = outcome;
        return this;
    }

    public synchronized ScriptedEcashWallet sending(SendOutcome outcome) {
        this.send = outcome;
        return this;
    }

    public synchronized ScriptedEcashWallet melting(MeltOutcome outcome) {
        this.melt = outcome;
        return this;
    }

    /** The answer to creating and to checking a mint quote. */
    public synchronized ScriptedEcashWallet quoting(MintQuoteOutcome outcome) {
        this.mintQuote = outcome;
        return this;
    }

    public synchronized ScriptedEcashWallet minting(MintOutcome outcome) {
        this.mint = outcome;
        return this;
    }

    public synchronized ScriptedEcashWallet holding(List<ProofBalance> balances) {
        this.balances = List.copyOf(balances);
        return this;
    }

    /** The operations asked of the wallet, in order. */
    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    @Override
    public synchronized ReceiveOutcome receive(String token) {
        return answer("receive", receive);
    }

    @Override
    public synchronized SendOutcome send(MintUrl mint, CurrencyUnit unit, Msats amount, String reference) {
        return answer("send", send);
    }

    @Override
    public synchronized MeltOutcome melt(
            MintUrl mint, CurrencyUnit unit, String bolt11, Predicate<QuoteId> beforePaying) {
        return answer("melt", melt);
    }

    @Override
    public synchronized ReceiveStatus receiveStatus(TokenFingerprint fingerprint) {
        calls.add("receiveStatus");
        return new ReceiveStatus.NotReceived();
    }

    @Override
    public synchronized Optional<Sent> findSent(String reference) {
        calls.add("findSent");
        return send instanceof Sent sent ? Optional.of(sent) : Optional.empty();
    }

    @Override
    public synchronized Optional<QuoteState> meltQuoteState(MintUrl mint, QuoteId quoteId) {
        calls.add("meltQuoteState");
        return Optional.empty();
    }

    @Override
    public synchronized Optional<TokenProofsState> tokenState(String token) {
        calls.add("tokenState");
        return Optional.empty();
    }

    @Override
    public synchronized MintQuoteOutcome createMintQuote(MintUrl mint, CurrencyUnit unit, long amount) {
        return answer("createMintQuote", mintQuote);
    }

    @Override
    public synchronized MintQuoteOutcome checkMintQuote(MintUrl mint, QuoteId quoteId) {
        return answer("checkMintQuote", mintQuote);
    }

    @Override
    public synchronized MintOutcome mintFromQuote(MintUrl mint, CurrencyUnit unit, QuoteId quoteId, long amount) {
        return answer("mintFromQuote", this.mint);
    }

    @Override
    public synchronized List<ProofBalance> balances() {
        calls.add("balances");
        return balances;
    }

    @Override
    public synchronized RecoveryReport recover() {
        calls.add("recover");
        return new RecoveryReport(0, List.of(), 0);
    }

    @Override
    public synchronized ConsolidationReport consolidate(int above, int batch) {
        calls.add("consolidate");
        return ConsolidationReport.NONE;
    }

    @Override
    public String exportMnemonic() {
        throw new UnsupportedOperationException("a scripted wallet has no seed");
    }

    private <T> T answer(String operation, T scripted) {
        calls.add(operation);
        if (scripted == null) {
            throw new IllegalStateException("the test scripted no answer to " + operation);
        }
        return scripted;
    }
}
