package io.routstr.gateway.application.service.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.fake.FakeForeignMintGuard;
import io.routstr.gateway.application.fake.FakeTokenCodec;
import io.routstr.gateway.application.fake.FakeWalletCrypto;
import io.routstr.gateway.application.fake.InMemoryMint;
import io.routstr.gateway.application.fake.InMemorySwapJournal;
import io.routstr.gateway.application.fake.InMemoryWalletJournal;
import io.routstr.gateway.application.fake.InMemoryWalletProofStore;
import io.routstr.gateway.application.fake.InMemoryWalletSeed;
import io.routstr.gateway.application.fake.MutableClock;
import io.routstr.gateway.application.port.out.MintPort.Call;
import io.routstr.gateway.application.port.out.MintPort.MeltQuoteInfo;
import io.routstr.gateway.application.port.out.MintPort.MintQuoteInfo;
import io.routstr.gateway.application.port.out.SwapJournalPort.Swap;
import io.routstr.gateway.application.port.out.SwapJournalPort.SwapState;
import io.routstr.gateway.application.port.out.WalletProofStorePort.ProofState;
import io.routstr.gateway.application.port.out.WalletProofStorePort.StoredProof;
import io.routstr.gateway.application.service.wallet.EcashWallet.ReceiveStatus;
import io.routstr.gateway.domain.ecash.TokenFingerprint;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import io.routstr.gateway.domain.money.Msats;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * How the wallet's recovery settles a foreign-mint swap a crash interrupted, by the state the journal recorded before
 * the step that was cut: a swap is failed only where its melt cannot have taken the token, and finished by minting
 * the primary mint's quote once it is paid.
 */
class ForeignMintSwapReconciliationTest {

    private static final CurrencyUnit SAT = CurrencyUnit.SAT;
    private static final MintUrl PRIMARY = MintUrl.of("https://primary.example");
    private static final MintUrl FOREIGN = MintUrl.of("https://foreign.example");

    private final InMemoryMint mints = new InMemoryMint().payQuotesManually();
    private final FakeWalletCrypto crypto = new FakeWalletCrypto();
    private final InMemoryWalletProofStore proofs = new InMemoryWalletProofStore();
    private final InMemorySwapJournal swaps = new InMemorySwapJournal();
    private final MutableClock clock = MutableClock.at("2026-03-10T12:00:00Z");
    private final CashuWallet wallet = new CashuWallet(
            new WalletSettings(List.of(PRIMARY), PRIMARY, SAT, Duration.ofSeconds(30), 100),
            mints,
            crypto,
            new FakeTokenCodec(),
            proofs,
            new InMemoryWalletJournal(),
            new SeedVault(new InMemoryWalletSeed(), crypto),
            clock,
            new ForeignMints(
                    ForeignMints.Policy.SWAP,
                    new FakeForeignMintGuard(),
                    swaps,
                    Runnable::run,
                    Duration.ofSeconds(5),
                    100_000,
                    Duration.ZERO));

    /** A swap journalled up to {@code state} with real quotes at both mints, then left alone past the grace. */
    private Swap interrupted(SwapState state, MintQuoteInfo invoice, MeltQuoteInfo melt) {
        Swap swap = Swap.start(
                UUID.randomUUID(),
                TokenFingerprint.of(UUID.randomUUID().toString()),
                FOREIGN,
                PRIMARY,
                SAT,
                100,
                clock.now());
        swaps.open(swap);
        Swap quoted = swap.quoted(invoice.quote(), melt.quote(), invoice.amount());
        if (state != SwapState.STARTED) {
            swaps.advance(quoted, SwapState.STARTED, SwapState.MELT_STARTED, clock.now());
        }
        if (state == SwapState.MINT_STARTED) {
            swaps.advance(quoted, SwapState.MELT_STARTED, SwapState.MINT_STARTED, clock.now());
        }
        clock.advance(Duration.ofMinutes(1));
        return quoted;
    }

    private MintQuoteInfo invoiceAtPrimary(long sats) {
        return ((Call.Ok<MintQuoteInfo>) mints.createMintQuote(PRIMARY, sats, SAT, Optional.empty())).value();
    }

    private MeltQuoteInfo meltQuoteAtForeign(MintQuoteInfo invoice) {
        return ((Call.Ok<MeltQuoteInfo>) mints.createMeltQuote(FOREIGN, invoice.request(), SAT)).value();
    }

    private long heldAtPrimary() {
        return proofs.inState(PRIMARY, SAT, ProofState.UNSPENT).stream()
                .mapToLong(StoredProof::amount)
                .sum();
    }

    private SwapState stateOf(Swap swap) {
        return swaps.find(swap.id()).orElseThrow().state();
    }

    @Test
    void aSwapCutBeforeItsMeltIsFailed_theTokenWasNeverOffered() {
        MintQuoteInfo invoice = invoiceAtPrimary(90);
        Swap swap = interrupted(SwapState.STARTED, invoice, meltQuoteAtForeign(invoice));

        wallet.recover();

        assertThat(stateOf(swap)).isEqualTo(SwapState.FAILED);
        assertThat(wallet.receiveStatus(swap.fingerprint())).isEqualTo(new ReceiveStatus.NotReceived());
    }

    @Test
    void aSwapCutDuringAMeltTheForeignMintNeverPaidIsFailed_andNothingIsMinted() {
        MintQuoteInfo invoice = invoiceAtPrimary(90);
        Swap swap = interrupted(SwapState.MELT_STARTED, invoice, meltQuoteAtForeign(invoice));

        wallet.recover();

        assertThat(stateOf(swap)).isEqualTo(SwapState.FAILED);
        assertThat(heldAtPrimary()).isZero();
    }

    @Test
    void aSwapCutAfterTheForeignMintPaidThePrimaryMintsInvoiceIsMintedAndReportedReceived() {
        MintQuoteInfo invoice = invoiceAtPrimary(90);
        Swap swap = interrupted(SwapState.MELT_STARTED, invoice, meltQuoteAtForeign(invoice));
        mints.pay(PRIMARY, invoice.quote());

        wallet.recover();

        assertThat(stateOf(swap)).isEqualTo(SwapState.DONE);
        assertThat(heldAtPrimary()).isEqualTo(90);
        assertThat(wallet.receiveStatus(swap.fingerprint()))
                .isEqualTo(new ReceiveStatus.Received(Msats.ofSats(90), PRIMARY, SAT));
    }

    @Test
    void aSwapCutWhileMintingIsMintedOnce_evenWhenRecoveryRunsAgain() {
        MintQuoteInfo invoice = invoiceAtPrimary(90);
        Swap swap = interrupted(SwapState.MINT_STARTED, invoice, meltQuoteAtForeign(invoice));
        mints.pay(PRIMARY, invoice.quote());

        wallet.recover();
        clock.advance(Duration.ofMinutes(1));
        wallet.recover();

        assertThat(stateOf(swap)).isEqualTo(SwapState.DONE);
        assertThat(heldAtPrimary()).isEqualTo(90);
    }

    @Test
    void aSwapWhoseMeltIsStillUnsettledWaits() {
        MintQuoteInfo invoice = invoiceAtPrimary(90);
        MeltQuoteInfo melt = meltQuoteAtForeign(invoice);
        Swap swap = interrupted(SwapState.MELT_STARTED, invoice, melt);
        mints.reachable(false);

        wallet.recover();

        assertThat(stateOf(swap)).isEqualTo(SwapState.MELT_STARTED);
        assertThat(heldAtPrimary()).isZero();
    }
}
