package io.routstr.gateway.application.service.wallet;

import io.routstr.gateway.application.port.out.ClockPort;
import io.routstr.gateway.application.port.out.MintPort;
import io.routstr.gateway.application.port.out.TokenCodecPort;
import io.routstr.gateway.application.port.out.WalletCryptoPort;
import io.routstr.gateway.application.port.out.WalletJournalPort;
import io.routstr.gateway.application.port.out.WalletProofStorePort;
import io.routstr.gateway.application.service.wallet.EcashWallet.ConsolidationReport;
import io.routstr.gateway.application.service.wallet.EcashWallet.Credited;
import io.routstr.gateway.application.service.wallet.EcashWallet.MeltOutcome;
import io.routstr.gateway.application.service.wallet.EcashWallet.MintOutcome;
import io.routstr.gateway.application.service.wallet.EcashWallet.MintQuoteOutcome;
import io.routstr.gateway.application.service.wallet.EcashWallet.ProofBalance;
import io.routstr.gateway.application.service.wallet.EcashWallet.QuoteState;
import io.routstr.gateway.application.service.wallet.EcashWallet.ReceiveOutcome;
import io.routstr.gateway.application.service.wallet.EcashWallet.ReceiveStatus;
import io.routstr.gateway.application.service.wallet.EcashWallet.RecoveryReport;
import io.routstr.gateway.application.service.wallet.EcashWallet.SendOutcome;
import io.routstr.gateway.application.service.wallet.EcashWallet.Sent;
import io.routstr.gateway.application.service.wallet.EcashWallet.TokenProofsState;
import io.routstr.gateway.domain.ecash.QuoteId;
import io.routstr.gateway.domain.ecash.TokenFingerprint;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import io.routstr.gateway.domain.money.Msats;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The node's Cashu wallet: redeems, sends, melts and mints against trusted mints, with every ecash-moving call
 * journalled first so that a crash at any point is settled by {@link #recover()}. Each job is its own class
 * ({@link Redemption}, {@link Sending}, {@link Melting}, {@link QuoteMinting}, {@link Recovery}) over the steps they
 * share ({@link WalletSteps}: the journalled mint call, settling inputs after a refusal) and the seed's outputs
 * ({@link WalletOutputs}); this class answers the port with them.
 *
 * <p>Order of every swap, mint and melt: (1) open the operation; (2) claim the inputs as {@code PENDING}; (3) advance
 * the keyset counter and record the range (NUT-13), then derive the outputs; (4) call the mint; (5) store the new
 * proofs, mark the inputs {@code SPENT}, finish the operation. Each step is idempotent, so recovery can redo (5) from
 * restored outputs (NUT-09) and the inputs' state at the mint (NUT-07). Proof secrets, tokens and quote ids are never
 * logged.
 */
public final class CashuWallet implements EcashWallet {

    private final SeedVault vault;
    private final WalletProofStorePort proofs;
    private final Redemption redemption;
    private final Sending sending;
    private final Melting melting;
    private final QuoteMinting minting;
    private final Recovery recovery;
    private final Consolidation consolidation;

    /** A wallet that treats tokens of untrusted mints by {@code foreignMints} (refused, or swapped in). */
    public CashuWallet(
            WalletSettings settings,
            MintPort mints,
            WalletCryptoPort crypto,
            TokenCodecPort codec,
            WalletProofStorePort proofs,
            WalletJournalPort journal,
            SeedVault vault,
            ClockPort clock,
            ForeignMints foreignMints) {
        this(
                new WalletSteps(
                        settings,
                        mints,
                        proofs,
                        journal,
                        clock,
                        WalletFaults.NONE,
                        new WalletOutputs(
                                crypto, Objects.requireNonNull(vault, "vault").seed())),
                codec,
                vault,
                foreignMints);
    }

    /** The wallet on {@code steps}; crash tests build the steps with their {@link WalletFaults}. */
    CashuWallet(WalletSteps steps, TokenCodecPort codec, SeedVault vault) {
        this(steps, codec, vault, ForeignMints.rejecting());
    }

    CashuWallet(WalletSteps steps, TokenCodecPort codec, SeedVault vault, ForeignMints foreignMints) {
        this.vault = Objects.requireNonNull(vault, "vault");
        this.proofs = steps.proofs();
        // One NUT-20 key for every quote of this node, derived from the seed (the crypto port's counter 0): a node is
        // one client to its mint anyway, and a key derived from the seed survives a restore, so a paid quote can
        // always be minted.
        this.minting = new QuoteMinting(steps);
        this.redemption = new Redemption(steps, codec, minting, Objects.requireNonNull(foreignMints, "foreign mints"));
        this.sending = new Sending(steps, codec);
        this.melting = new Melting(steps);
        this.recovery = new Recovery(steps);
        this.consolidation = new Consolidation(steps);
    }

    @Override
    public ReceiveOutcome receive(String token) {
        return redemption.receive(token, credited -> {});
    }

    @Override
    public ReceiveOutcome receive(String token, Consumer<Credited> inSameCommit) {
        return redemption.receive(token, inSameCommit);
    }

    @Override
    public SendOutcome send(MintUrl mint, CurrencyUnit unit, Msats amount, String reference) {
        return sending.send(mint, unit, amount, reference);
    }

    @Override
    public SendOutcome send(
            MintUrl mint, CurrencyUnit unit, Msats amount, String reference, Consumer<Sent> inSameCommit) {
        return sending.send(mint, unit, amount, reference, inSameCommit);
    }

    @Override
    public MeltOutcome melt(MintUrl mint, CurrencyUnit unit, String bolt11, Predicate<QuoteId> beforePaying) {
        return melting.melt(mint, unit, bolt11, beforePaying);
    }

    @Override
    public ReceiveStatus receiveStatus(TokenFingerprint fingerprint) {
        return redemption.status(fingerprint);
    }

    @Override
    public Optional<Sent> findSent(String reference) {
        return sending.findSent(reference);
    }

    @Override
    public Optional<QuoteState> meltQuoteState(MintUrl mint, QuoteId quoteId) {
        return melting.quoteState(mint, quoteId);
    }

    @Override
    public Optional<TokenProofsState> tokenState(String token) {
        return sending.tokenState(token);
    }

    @Override
    public MintQuoteOutcome createMintQuote(MintUrl mint, CurrencyUnit unit, long amount) {
        return minting.createQuote(mint, unit, amount);
    }

    @Override
    public MintQuoteOutcome checkMintQuote(MintUrl mint, QuoteId quoteId) {
        return minting.checkQuote(mint, quoteId);
    }

    @Override
    public MintOutcome mintFromQuote(MintUrl mint, CurrencyUnit unit, QuoteId quoteId, long amount) {
        return minting.mint(mint, unit, quoteId, amount);
    }

    @Override
    public List<ProofBalance> balances() {
        return proofs.holdings().stream()
                .map(h -> new ProofBalance(h.mint(), h.unit(), h.unspent(), h.pending()))
                .toList();
    }

    @Override
    public RecoveryReport recover() {
        RecoveryReport report = recovery.recover();
        // After the wallet's own recovery, so that a swap's interrupted mint is settled before the swap is looked at.
        redemption.reconcileSwaps();
        return report;
    }

    @Override
    public ConsolidationReport consolidate(int above, int batch) {
        return consolidation.consolidate(balances(), above, batch);
    }

    @Override
    public String exportMnemonic() {
        return vault.mnemonic();
    }
}
