package io.routstr.gateway.application.service.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.json.JsonMapper;
import io.routstr.gateway.application.fake.InMemoryAccounts;
import io.routstr.gateway.application.fake.InMemoryRefundClaims;
import io.routstr.gateway.application.fake.InMemoryWalletJournal;
import io.routstr.gateway.application.fake.InMemoryWalletProofStore;
import io.routstr.gateway.application.fake.InMemoryWalletSeed;
import io.routstr.gateway.application.fake.MutableClock;
import io.routstr.gateway.application.port.in.key.RefundBalanceCommand;
import io.routstr.gateway.application.port.in.key.RefundOutcome;
import io.routstr.gateway.application.port.out.WalletJournalPort.OperationKind;
import io.routstr.gateway.application.port.out.WalletProofStorePort.ProofState;
import io.routstr.gateway.application.port.out.WalletProofStorePort.StoredProof;
import io.routstr.gateway.application.service.BillingPolicy;
import io.routstr.gateway.application.service.Payouts;
import io.routstr.gateway.application.service.ReconcileRefundsService;
import io.routstr.gateway.application.service.RefundBalanceService;
import io.routstr.gateway.application.service.RefundPolicy;
import io.routstr.gateway.application.service.StandingHoldsService;
import io.routstr.gateway.application.service.WalletPayouts;
import io.routstr.gateway.application.service.wallet.EcashWallet.AlreadyRedeemed;
import io.routstr.gateway.application.service.wallet.EcashWallet.Credited;
import io.routstr.gateway.application.service.wallet.EcashWallet.Failure;
import io.routstr.gateway.application.service.wallet.EcashWallet.FailureKind;
import io.routstr.gateway.application.service.wallet.EcashWallet.Melted;
import io.routstr.gateway.application.service.wallet.EcashWallet.MintQuote;
import io.routstr.gateway.application.service.wallet.EcashWallet.Minted;
import io.routstr.gateway.application.service.wallet.EcashWallet.QuoteState;
import io.routstr.gateway.application.service.wallet.EcashWallet.ReceiveOutcome;
import io.routstr.gateway.application.service.wallet.EcashWallet.ReceiveStatus;
import io.routstr.gateway.application.service.wallet.EcashWallet.RedemptionInProgress;
import io.routstr.gateway.application.service.wallet.EcashWallet.Sent;
import io.routstr.gateway.cashu.crypto.CashuCryptoAdapter;
import io.routstr.gateway.cashu.mint.HttpMintAdapter;
import io.routstr.gateway.cashu.mint.MintClientSettings;
import io.routstr.gateway.cashu.mint.MintClients;
import io.routstr.gateway.cashu.testmint.ts.CashuTsMint;
import io.routstr.gateway.cashu.testmint.ts.CashuTsWallet;
import io.routstr.gateway.cashu.testmint.ts.CashuTsWallet.MintedToken;
import io.routstr.gateway.cashu.testmint.ts.CashuTsWallet.Received;
import io.routstr.gateway.cashu.token.CashuTokenCodecAdapter;
import io.routstr.gateway.cashu.token.TokenCodec;
import io.routstr.gateway.domain.ecash.QuoteId;
import io.routstr.gateway.domain.ecash.TokenFingerprint;
import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.key.ApiKeyId;
import io.routstr.gateway.domain.key.KeyHash;
import io.routstr.gateway.domain.key.RefundTarget;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import io.routstr.gateway.domain.money.Msats;
import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The wallet against a mint it did not write: a cashu-ts mint and wallet ({@code @cashu/cashu-ts}). Runs once per
 * NUT-02 input fee (subclasses), on in-memory stores (the stores' own contracts run on PostgreSQL elsewhere).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CashuWalletAgainstCashuTsMint {

    private static final CurrencyUnit SAT = CurrencyUnit.SAT;
    private static final CashuCryptoAdapter CRYPTO = new CashuCryptoAdapter(new SecureRandom());
    private static final CashuTokenCodecAdapter CODEC = new CashuTokenCodecAdapter(new TokenCodec());

    private CashuTsMint mint;
    private CashuTsWallet tsWallet;
    private MintClients clients;
    private MintUrl mintUrl;

    private final MutableClock clock = MutableClock.at("2026-03-10T12:00:00Z");
    private InMemoryWalletProofStore proofs;
    private InMemoryWalletJournal journal;
    private SeedVault vault;
    private CashuWallet wallet;

    abstract int inputFeePpk();

    @BeforeAll
    void startMint() {
        mint = CashuTsMint.start(inputFeePpk());
        tsWallet = new CashuTsWallet(mint);
        mintUrl = MintUrl.of(mint.url());
        clients = newClients();
    }

    @AfterAll
    void stopMint() {
        if (tsWallet != null) {
            tsWallet.close();
        }
        if (mint != null) {
            mint.close();
        }
    }

    @BeforeEach
    void freshWallet() {
        mint.configure(Map.of("meltOutcome", "PAID"));
        proofs = new InMemoryWalletProofStore();
        journal = new InMemoryWalletJournal();
        vault = new SeedVault(new InMemoryWalletSeed(), CRYPTO);
        wallet = restarted(WalletFaults.NONE);
    }

    private MintClients newClients() {
        return new MintClients(
                HttpClient.newHttpClient(),
                JsonMapper.builder().build(),
                new MintClientSettings(
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(20),
                        4,
                        2,
                        Duration.ofMillis(10),
                        Duration.ofMinutes(5),
                        Duration.ofSeconds(30)));
    }

    /** A wallet on the same stores and seed: what a node restarted after a crash has. */
    private CashuWallet restarted(WalletFaults faults) {
        WalletSettings settings = new WalletSettings(List.of(mintUrl), mintUrl, SAT, Duration.ZERO, 100);
        WalletOutputs outputs = new WalletOutputs(CRYPTO, vault.seed());
        return new CashuWallet(
                new WalletSteps(settings, new HttpMintAdapter(newClients()), proofs, journal, clock, faults, outputs),
                CODEC,
                vault);
    }

    private long fee(int inputs) {
        return Math.ceilDiv((long) inputs * inputFeePpk(), 1000);
    }

    private long held() {
        return wallet.balances().stream()
                .filter(b -> b.mint().equals(mintUrl) && b.unit().equals(SAT))
                .mapToLong(b -> b.held())
                .sum();
    }

    /** Every sat the wallet says it holds is an unspent proof at the mint, and nothing is left pending. */
    private void assertWalletHoldsAtMint(long expected) {
        assertThat(proofs.inState(mintUrl, SAT, ProofState.PENDING)).isEmpty();
        List<StoredProof> unspent = proofs.inState(mintUrl, SAT, ProofState.UNSPENT);
        assertThat(unspent.stream().mapToLong(StoredProof::amount).sum()).isEqualTo(expected);
        if (!unspent.isEmpty()) {
            assertThat(mint.checkState(unspent.stream().map(StoredProof::y).toList()))
                    .containsOnly("UNSPENT");
        }
        assertThat(journal.claimStale(Instant.MAX, clock.now(), 1000)).isEmpty();
    }

    private long fund(long sats) {
        MintQuote quote = (MintQuote) wallet.createMintQuote(mintUrl, SAT, sats);
        assertThat(wallet.mintFromQuote(mintUrl, SAT, quote.quoteId(), sats)).isInstanceOf(Minted.class);
        return sats;
    }

    @Test
    void aMintQuoteCarriesItsInvoicesPaymentHash_notItsQuoteId() {
        MintQuote quote = (MintQuote) wallet.createMintQuote(mintUrl, SAT, 21);

        assertThat(quote.paymentHash())
                .hasValueSatisfying(hash -> assertThat(hash)
                        .matches("[0-9a-f]{64}")
                        .isNotEqualTo(quote.quoteId().value()));
    }

    @Test
    void aMintQuoteIsLockedToTheNodesKeyWhereTheMintSupportsIt_soItsIdAloneMintsNothing() {
        MintQuote quote = (MintQuote) wallet.createMintQuote(mintUrl, SAT, 13);

        assertThat(mint.getOk("/v1/mint/quote/bolt11/" + quote.quoteId().value())
                        .get("pubkey")
                        .asText())
                .matches("0[23][0-9a-f]{64}");
        CashuTsMint.Response stolen =
                mint.post("/v1/mint/bolt11", Map.of("quote", quote.quoteId().value(), "outputs", List.of()));
        assertThat(stolen.code()).isEqualTo(20008);
        assertThat(wallet.mintFromQuote(mintUrl, SAT, quote.quoteId(), 13)).isInstanceOf(Minted.class);
        assertWalletHoldsAtMint(13);
    }

    @Test
    void aMintThatWantsTheNutsV1QuoteSignatureGetsIt_onASecondAttempt() {
        mint.configure(Map.of("quoteSignature", "v1"));
        try {
            MintQuote quote = (MintQuote) wallet.createMintQuote(mintUrl, SAT, 11);

            assertThat(wallet.mintFromQuote(mintUrl, SAT, quote.quoteId(), 11)).isInstanceOf(Minted.class);
            assertWalletHoldsAtMint(11);
        } finally {
            mint.configure(Map.of("quoteSignature", "legacy"));
        }
    }

    @Test
    void aMintWithoutQuoteLocksGetsAnUnlockedQuote_thatStillMints() {
        mint.configure(Map.of("quoteLocks", false));
        try {
            CashuWallet onPlainMint = restarted(WalletFaults.NONE);
            MintQuote quote = (MintQuote) onPlainMint.createMintQuote(mintUrl, SAT, 8);

            assertThat(mint.getOk("/v1/mint/quote/bolt11/" + quote.quoteId().value())
                            .get("pubkey")
                            .isNull())
                    .isTrue();
            assertThat(onPlainMint.mintFromQuote(mintUrl, SAT, quote.quoteId(), 8))
                    .isInstanceOf(Minted.class);
        } finally {
            mint.configure(Map.of("quoteLocks", true));
        }
    }

    @Test
    void aCashuTsV4Token_isCreditedNetOfInputFees() {
        MintedToken token = tsWallet.mintToken(100);

        ReceiveOutcome outcome = wallet.receive(token.token());

        long net = 100 - fee(token.proofCount());
        assertThat(outcome).isInstanceOfSatisfying(Credited.class, credited -> {
            assertThat(credited.credited()).isEqualTo(Msats.ofSats(net));
            assertThat(credited.inputFee()).isEqualTo(fee(token.proofCount()));
            assertThat(credited.fingerprint()).isEqualTo(TokenFingerprint.of(token.token()));
        });
        assertWalletHoldsAtMint(net);
        assertThat(tsWallet.checkState(token.token())).containsOnly("SPENT");
    }

    @Test
    void aCashuTsV3Token_isCreditedNetOfInputFees() {
        MintedToken token = tsWallet.mintToken(77, "sat", true);
        assertThat(token.token()).startsWith("cashuA");

        assertThat(wallet.receive(token.token()))
                .isInstanceOfSatisfying(
                        Credited.class,
                        credited ->
                                assertThat(credited.credited()).isEqualTo(Msats.ofSats(77 - fee(token.proofCount()))));
    }

    @Test
    void anMsatToken_isCreditedInMsats() {
        MintedToken token = tsWallet.mintToken(5_000, "msat", false);

        assertThat(wallet.receive(token.token()))
                .isInstanceOfSatisfying(
                        Credited.class,
                        credited ->
                                assertThat(credited.credited()).isEqualTo(Msats.of(5_000 - fee(token.proofCount()))));
    }

    @Test
    void aTokenSpentElsewhere_isRefusedAsAlreadySpent() {
        MintedToken token = tsWallet.mintToken(16);
        tsWallet.receive(token.token());

        assertThat(wallet.receive(token.token())).isInstanceOfSatisfying(Failure.class, failure -> {
            assertThat(failure.kind()).isEqualTo(FailureKind.ALREADY_SPENT);
            assertThat(failure.kind().code()).isEqualTo("cashu_token_already_spent");
        });
        assertWalletHoldsAtMint(0);
    }

    @Test
    void aTokenRedeemedTwice_isCreditedOnce() {
        MintedToken token = tsWallet.mintToken(32);
        Credited first = (Credited) wallet.receive(token.token());

        assertThat(wallet.receive(token.token()))
                .isEqualTo(
                        new AlreadyRedeemed(Optional.of(first.fingerprint()), first.credited(), first.operationId()));
        assertWalletHoldsAtMint(32 - fee(token.proofCount()));
    }

    @Test
    void theSameTokenRedeemedByTwentyConcurrentCalls_isCreditedOnce() throws Exception {
        MintedToken token = tsWallet.mintToken(64);
        List<Callable<ReceiveOutcome>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            calls.add(() -> wallet.receive(token.token()));
        }
        List<ReceiveOutcome> outcomes = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(20)) {
            for (Future<ReceiveOutcome> outcome : pool.invokeAll(calls)) {
                outcomes.add(outcome.get());
            }
        }

        assertThat(outcomes.stream().filter(Credited.class::isInstance)).hasSize(1);
        assertThat(outcomes)
                .allSatisfy(o -> assertThat(o)
                        .isInstanceOfAny(Credited.class, AlreadyRedeemed.class, RedemptionInProgress.class));
        assertWalletHoldsAtMint(64 - fee(token.proofCount()));
    }

    @Test
    void aTokenTheNodeSends_isReceivedByCashuTsWithDleq() {
        long funded = fund(100);

        Sent sent = (Sent) wallet.send(mintUrl, SAT, Msats.of(21_500), "refund-1");

        assertThat(sent.unitAmount()).isEqualTo(21);
        assertThat(sent.amount()).isEqualTo(Msats.ofSats(21));
        assertThat(proofs.findOutgoing(sent.tokenId()))
                .hasValueSatisfying(t -> assertThat(t.token()).isEqualTo(sent.token()));
        Received received = tsWallet.receive(sent.token(), true);
        assertThat(received.amount() + received.fee()).isEqualTo(21);
        long swapFee = funded - 21 - held();
        assertThat(swapFee).isBetween(0L, fee(7));
        assertWalletHoldsAtMint(funded - 21 - swapFee);
    }

    @Test
    void aSendThatSwapsForChange_reportsTheInputFeeTheMintKept() {
        long funded = fund(64);

        Sent sent = (Sent) wallet.send(mintUrl, SAT, Msats.ofSats(10), "refund-fee");

        assertThat(sent.inputFee()).isEqualTo(fee(1));
        assertThat(funded - 10 - sent.inputFee())
                .as("holdings drop by the token and the fee, nothing else")
                .isEqualTo(held());
        assertWalletHoldsAtMint(funded - 10 - sent.inputFee());
    }

    @Test
    void aSendOfExactProofs_paysNoFee() {
        fund(64);

        assertThat(((Sent) wallet.send(mintUrl, SAT, Msats.ofSats(64), "exact")).inputFee())
                .isZero();
    }

    @Test
    void aChangeTokenPaidBackIn_isCredited() {
        fund(64);
        Sent change = (Sent) wallet.send(mintUrl, SAT, Msats.ofSats(10), "change");

        assertThat(wallet.receive(change.token())).isInstanceOf(Credited.class);
    }

    @Test
    void sendingMoreThanTheWalletHolds_failsWithoutTouchingProofs() {
        fund(8);

        assertThat(wallet.send(mintUrl, SAT, Msats.ofSats(9), "too-much"))
                .isInstanceOfSatisfying(
                        Failure.class, f -> assertThat(f.kind()).isEqualTo(FailureKind.INSUFFICIENT_FUNDS));
        assertWalletHoldsAtMint(8);
    }

    @Test
    void aSendWhileAnotherOperationHoldsTheProofs_isATemporaryShortageNotAnInsufficientWallet() {
        fund(64);
        proofs.claim(UUID.randomUUID(), mintUrl, SAT, candidates -> candidates, clock.now()); // another swap in flight

        assertThat(wallet.send(mintUrl, SAT, Msats.ofSats(10), "while-busy"))
                .isInstanceOfSatisfying(
                        Failure.class, f -> assertThat(f.kind()).isEqualTo(FailureKind.FUNDS_IN_FLIGHT));
        assertThat(new WalletPayouts(wallet, (address, amount) -> {
                            throw new AssertionError("no Lightning here");
                        })
                        .pay(RefundTarget.to(mintUrl, SAT), Msats.ofSats(10), "refund:while-busy"))
                .isInstanceOf(Payouts.PayoutResult.TemporarilyUnavailable.class);
    }

    @Test
    void aSendForMoreThanTheWalletHoldsEvenCountingProofsInFlight_isStillInsufficient() {
        fund(8);
        proofs.claim(UUID.randomUUID(), mintUrl, SAT, candidates -> candidates, clock.now()); // another swap in flight

        assertThat(wallet.send(mintUrl, SAT, Msats.ofSats(9), "too-much-while-busy"))
                .isInstanceOfSatisfying(
                        Failure.class, f -> assertThat(f.kind()).isEqualTo(FailureKind.INSUFFICIENT_FUNDS));
    }

    @Test
    void aMelt_paysTheInvoiceAndReturnsItsFeeChange() {
        long funded = fund(200);
        String invoice = mint.externalInvoice(50_000);

        Melted melted = (Melted) wallet.melt(mintUrl, SAT, invoice);

        assertThat(melted.amount()).isEqualTo(50);
        assertThat(melted.change()).isPositive();
        int inputs = proofs.inState(mintUrl, SAT, ProofState.SPENT).size();
        // The fake Lightning node charges 1 sat of the 2 sat fee reserve; the rest comes back as NUT-08 change.
        assertThat(melted.feePaid()).isEqualTo(1 + fee(inputs));
        assertWalletHoldsAtMint(funded - 50 - melted.feePaid());
    }

    @Test
    void aFailedMelt_releasesTheProofs() {
        long funded = fund(100);
        mint.configure(Map.of("meltOutcome", "FAILED"));

        assertThat(wallet.melt(mintUrl, SAT, mint.externalInvoice(20_000)))
                .isInstanceOfSatisfying(Failure.class, f -> assertThat(f.kind()).isEqualTo(FailureKind.PAYMENT_FAILED));
        assertWalletHoldsAtMint(funded);
    }

    @Test
    void aTokenOfAnUntrustedMint_isRefused() {
        MintedToken token = tsWallet.mintToken(8);
        WalletSettings otherMint =
                new WalletSettings(List.of(), MintUrl.of("https://mint.example"), SAT, Duration.ZERO, 100);
        CashuWallet picky = new CashuWallet(
                otherMint,
                new HttpMintAdapter(clients),
                CRYPTO,
                CODEC,
                proofs,
                journal,
                vault,
                clock,
                ForeignMints.rejecting());

        assertThat(picky.receive(token.token()))
                .isInstanceOfSatisfying(Failure.class, f -> assertThat(f.kind()).isEqualTo(FailureKind.UNTRUSTED_MINT));
    }

    @Test
    void garbage_isAnInvalidToken() {
        assertThat(wallet.receive("cashuBnotatoken")).isInstanceOfSatisfying(Failure.class, f -> {
            assertThat(f.kind()).isEqualTo(FailureKind.INVALID_TOKEN);
            assertThat(f.kind().retryable()).isFalse();
        });
    }

    // ------------------------------------------------------------------------------------------------ crashes

    /** Where a swap or melt is interrupted. */
    enum Interruption {
        BEFORE_THE_CALL,
        AFTER_THE_MINT_SIGNED,
        BEFORE_OUR_COMMIT
    }

    private static final class SimulatedCrash extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    /** Runs {@code operation} on a wallet that dies at {@code where}, then recovers on a restarted one. */
    private void interrupt(Interruption where, OperationKind kind, String path, Runnable operation) {
        WalletFaults faults = switch (where) {
            case BEFORE_THE_CALL -> crashAt(WalletFaults.Step.BEFORE_MINT_CALL, kind);
            case BEFORE_OUR_COMMIT -> crashAt(WalletFaults.Step.BEFORE_COMMIT, kind);
            case AFTER_THE_MINT_SIGNED -> {
                mint.dropNextResponse(path, 1);
                yield WalletFaults.NONE;
            }
        };
        wallet = restarted(faults);
        try {
            operation.run();
        } catch (SimulatedCrash expected) {
            // the process died here
        }
        wallet = restarted(WalletFaults.NONE);
        clock.advance(Duration.ofSeconds(1));
        wallet.recover();
    }

    private static WalletFaults crashAt(WalletFaults.Step step, OperationKind kind) {
        return (at, operation) -> {
            if (at == step && operation == kind) {
                throw new SimulatedCrash();
            }
        };
    }

    @ParameterizedTest
    @EnumSource(Interruption.class)
    void anInterruptedRedemption_losesNoEcash(Interruption where) {
        MintedToken token = tsWallet.mintToken(100);
        long net = 100 - fee(token.proofCount());

        interrupt(where, OperationKind.RECEIVE, "/v1/swap", () -> wallet.receive(token.token()));

        if (where == Interruption.BEFORE_THE_CALL) {
            assertWalletHoldsAtMint(0);
            assertThat(tsWallet.checkState(token.token())).containsOnly("UNSPENT");
            assertThat(wallet.receive(token.token())).isInstanceOf(Credited.class);
        } else {
            assertThat(tsWallet.checkState(token.token())).containsOnly("SPENT");
        }
        assertWalletHoldsAtMint(net);
    }

    @ParameterizedTest
    @EnumSource(Interruption.class)
    void anInterruptedSendSwap_losesNoEcash(Interruption where) {
        long funded = fund(100);

        interrupt(where, OperationKind.SEND, "/v1/swap", () -> wallet.send(mintUrl, SAT, Msats.ofSats(21), "x"));

        // The token never reached anyone, so all of it stays in the wallet, less the swap's input fee if it ran.
        long swapFee = where == Interruption.BEFORE_THE_CALL ? 0 : funded - held();
        assertThat(swapFee).isBetween(0L, fee(7));
        assertWalletHoldsAtMint(funded - swapFee);
    }

    @ParameterizedTest
    @EnumSource(Interruption.class)
    void anInterruptedMelt_losesNoEcash(Interruption where) {
        long funded = fund(200);
        String invoice = mint.externalInvoice(50_000);

        interrupt(where, OperationKind.MELT, "/v1/melt/bolt11", () -> wallet.melt(mintUrl, SAT, invoice));

        if (where == Interruption.BEFORE_THE_CALL) {
            assertWalletHoldsAtMint(funded);
        } else {
            int inputs = proofs.inState(mintUrl, SAT, ProofState.SPENT).size();
            assertWalletHoldsAtMint(funded - 50 - 1 - fee(inputs));
        }
    }

    // ------------------------------------------------------------------------------------------------ refunds

    private final InMemoryAccounts accounts = new InMemoryAccounts();
    private final InMemoryRefundClaims claims = new InMemoryRefundClaims(accounts);

    private RefundBalanceService refunds() {
        Payouts payouts = new WalletPayouts(wallet, (address, amount) -> {
            throw new AssertionError("no Lightning here");
        });
        return new RefundBalanceService(
                accounts,
                accounts,
                claims,
                payouts,
                clock,
                BillingPolicy.defaults(),
                StandingHoldsService.off(accounts, clock));
    }

    private ReconcileRefundsService reconciler() {
        Payouts payouts = new WalletPayouts(wallet, (address, amount) -> {
            throw new AssertionError("no Lightning here");
        });
        return new ReconcileRefundsService(claims, payouts, clock, RefundPolicy.defaults());
    }

    private ApiKey keyHolding(long msats) {
        byte[] hash = new byte[32];
        new SecureRandom().nextBytes(hash);
        ApiKey key = accounts.createIfAbsent(
                ApiKey.open(ApiKeyId.random(), KeyHash.of(hash), RefundTarget.to(mintUrl, SAT), clock.now()));
        accounts.credit(key.id(), Msats.of(msats), "deposit:" + key.id(), clock.now());
        return key;
    }

    private Msats balanceOf(ApiKey key) {
        return accounts.findById(key.id()).orElseThrow().balance();
    }

    @Test
    void aRefundRetriedAfterALostAnswer_getsTheSameTokenUntilItsHolderSpendsIt() {
        fund(100);
        ApiKey key = keyHolding(21_500);

        RefundOutcome.Refunded first = (RefundOutcome.Refunded) refunds().refund(new RefundBalanceCommand(key.id()));
        RefundOutcome retry = refunds().refund(new RefundBalanceCommand(key.id()));

        assertThat(retry).isEqualTo(first);
        tsWallet.receive(first.token().orElseThrow(), true);
        assertThat(refunds().refund(new RefundBalanceCommand(key.id())))
                .isInstanceOf(RefundOutcome.NothingToRefund.class);
        assertThat(balanceOf(key)).isEqualTo(Msats.of(500));
    }

    @ParameterizedTest
    @EnumSource(Interruption.class)
    void anInterruptedRefundSend_isPutBackOnTheKeyByTheReconciler_andTheRetryPaysARealToken(Interruption where) {
        long funded = fund(100);
        ApiKey key = keyHolding(21_000);

        interrupt(where, OperationKind.SEND, "/v1/swap", () -> refunds().refund(new RefundBalanceCommand(key.id())));
        assertThat(balanceOf(key)).isEqualTo(Msats.ZERO);
        clock.advance(RefundPolicy.defaults().claimTimeout());

        assertThat(reconciler().reconcile()).isEqualTo(1);
        assertThat(balanceOf(key)).isEqualTo(Msats.of(21_000));
        long swapFee = where == Interruption.BEFORE_THE_CALL ? 0 : funded - held();
        assertWalletHoldsAtMint(funded - swapFee);

        RefundOutcome.Refunded paid = (RefundOutcome.Refunded) refunds().refund(new RefundBalanceCommand(key.id()));
        Received received = tsWallet.receive(paid.token().orElseThrow(), true);
        assertThat(received.amount() + received.fee()).isEqualTo(21);
        assertThat(accounts.balanceReport().holds()).isTrue();
    }

    @Test
    void aMeltCalledOffOnceItsQuoteIsKnown_paysNothing() {
        long funded = fund(100);
        List<QuoteId> quotes = new ArrayList<>();

        assertThat(wallet.melt(mintUrl, SAT, mint.externalInvoice(20_000), quote -> quotes.add(quote) && false))
                .isInstanceOfSatisfying(Failure.class, f -> assertThat(f.kind()).isEqualTo(FailureKind.PAYMENT_FAILED));

        assertThat(quotes).hasSize(1);
        assertThat(wallet.meltQuoteState(mintUrl, quotes.getFirst())).contains(QuoteState.UNPAID);
        assertWalletHoldsAtMint(funded);
    }

    @Test
    void aPaidMeltsQuote_readsPaidWhenLookedUpLater() {
        fund(200);
        List<QuoteId> quotes = new ArrayList<>();

        assertThat(wallet.melt(mintUrl, SAT, mint.externalInvoice(50_000), quotes::add))
                .isInstanceOf(Melted.class);

        assertThat(wallet.meltQuoteState(mintUrl, quotes.getFirst())).contains(QuoteState.PAID);
    }

    @Test
    void aRedemptionIsFoundByItsTokensFingerprint() {
        MintedToken token = tsWallet.mintToken(64);
        TokenFingerprint fingerprint = TokenFingerprint.of(token.token());
        assertThat(wallet.receiveStatus(fingerprint)).isInstanceOf(ReceiveStatus.NotReceived.class);

        Credited credited = (Credited) wallet.receive(token.token());

        assertThat(wallet.receiveStatus(fingerprint))
                .isEqualTo(new ReceiveStatus.Received(credited.credited(), mintUrl, SAT));
    }
}
