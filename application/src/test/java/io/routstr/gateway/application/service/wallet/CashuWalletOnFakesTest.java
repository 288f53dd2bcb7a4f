package io.routstr.gateway.application.service.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.routstr.gateway.application.fake.FakeTokenCodec;
import io.routstr.gateway.application.fake.FakeWalletCrypto;
import io.routstr.gateway.application.fake.InMemoryMint;
import io.routstr.gateway.application.fake.InMemoryWalletJournal;
import io.routstr.gateway.application.fake.InMemoryWalletProofStore;
import io.routstr.gateway.application.fake.InMemoryWalletSeed;
import io.routstr.gateway.application.fake.MutableClock;
import io.routstr.gateway.application.port.out.MintPort.Call;
import io.routstr.gateway.application.port.out.MintPort.MintKeyset;
import io.routstr.gateway.application.port.out.WalletCryptoPort.Output;
import io.routstr.gateway.application.port.out.WalletJournalPort.OperationKind;
import io.routstr.gateway.application.port.out.WalletJournalPort.OperationState;
import io.routstr.gateway.application.port.out.WalletProofStorePort.NewProof;
import io.routstr.gateway.application.port.out.WalletProofStorePort.ProofState;
import io.routstr.gateway.application.port.out.WalletProofStorePort.StoredProof;
import io.routstr.gateway.application.service.wallet.EcashWallet.AlreadyRedeemed;
import io.routstr.gateway.application.service.wallet.EcashWallet.ConsolidationReport;
import io.routstr.gateway.application.service.wallet.EcashWallet.Credited;
import io.routstr.gateway.application.service.wallet.EcashWallet.Failure;
import io.routstr.gateway.application.service.wallet.EcashWallet.FailureKind;
import io.routstr.gateway.application.service.wallet.EcashWallet.Melted;
import io.routstr.gateway.application.service.wallet.EcashWallet.MintQuote;
import io.routstr.gateway.application.service.wallet.EcashWallet.Minted;
import io.routstr.gateway.application.service.wallet.EcashWallet.ReceiveOutcome;
import io.routstr.gateway.application.service.wallet.EcashWallet.ReceiveStatus;
import io.routstr.gateway.application.service.wallet.EcashWallet.RecoveryReport;
import io.routstr.gateway.application.service.wallet.EcashWallet.Sent;
import io.routstr.gateway.application.service.wallet.WalletSettings.Denominations;
import io.routstr.gateway.domain.ecash.EcashToken;
import io.routstr.gateway.domain.ecash.Proof;
import io.routstr.gateway.domain.ecash.ProofDleq;
import io.routstr.gateway.domain.ecash.TokenFingerprint;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import io.routstr.gateway.domain.money.Msats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The wallet's jobs on the in-memory mint, crypto and codec: fast specifications of what the cashu-ts suite in
 * adapters-cashu shows against a real mint. Every sat the wallet reports is an unspent proof at the mint.
 */
class CashuWalletOnFakesTest {

    private static final CurrencyUnit SAT = CurrencyUnit.SAT;
    private static final MintUrl MINT = MintUrl.of("https://mint.example.com");

    /** The fake crypto checks only that a DLEQ proof is there and that the proof's signature is the mint's. */
    private static final ProofDleq DLEQ = new ProofDleq("1".repeat(64), "2".repeat(64), "3".repeat(64));

    private final InMemoryMint mint = new InMemoryMint();
    private final FakeWalletCrypto crypto = new FakeWalletCrypto();
    private final FakeTokenCodec codec = new FakeTokenCodec();
    private final InMemoryWalletProofStore proofs = new InMemoryWalletProofStore();
    private final InMemoryWalletJournal journal = new InMemoryWalletJournal();
    private final MutableClock clock = MutableClock.at("2026-03-10T12:00:00Z");
    private final CashuWallet wallet = new CashuWallet(
            new WalletSettings(List.of(MINT), MINT, SAT, Duration.ofSeconds(30), 100),
            mint,
            crypto,
            codec,
            proofs,
            journal,
            new SeedVault(new InMemoryWalletSeed(), crypto),
            clock,
            ForeignMints.rejecting());

    private String clientToken(long sats) {
        return codec.encode(EcashToken.of(MINT, SAT, mint.proofsWorth(MINT, SAT, sats)));
    }

    private long heldAtMint() {
        assertThat(proofs.inState(MINT, SAT, ProofState.PENDING)).isEmpty();
        List<StoredProof> unspent = proofs.inState(MINT, SAT, ProofState.UNSPENT);
        assertThat(unspent).noneMatch(p -> mint.isSpent(MINT, p.y()));
        return unspent.stream().mapToLong(StoredProof::amount).sum();
    }

    @Test
    void aTokenIsCreditedOnce_andItsSecondRedemptionIsAnsweredAsAlreadyRedeemed() {
        String token = clientToken(21);

        assertThat(wallet.receive(token))
                .isInstanceOfSatisfying(
                        Credited.class, c -> assertThat(c.credited()).isEqualTo(Msats.ofSats(21)));
        assertThat(wallet.receive(token))
                .isInstanceOfSatisfying(
                        AlreadyRedeemed.class, a -> assertThat(a.credited()).isEqualTo(Msats.ofSats(21)));
        assertThat(heldAtMint()).isEqualTo(21);
    }

    @Test
    void aTokenAnotherWalletSpentFirstIsRefusedAsAlreadySpent() {
        List<Proof> stolen = mint.proofsWorth(MINT, SAT, 8);
        MintKeyset keyset = ((Call.Ok<MintKeyset>) mint.activeKeyset(MINT, SAT)).value();
        List<Output> thief = crypto.deriveOutputs(crypto.seed("thief"), keyset.id(), 0, List.of(8L));
        assertThat(mint.swap(MINT, stolen, List.of(thief.getFirst().message()))).isInstanceOf(Call.Ok.class);

        assertThat(wallet.receive(codec.encode(EcashToken.of(MINT, SAT, stolen))))
                .isInstanceOfSatisfying(Failure.class, f -> assertThat(f.kind()).isEqualTo(FailureKind.ALREADY_SPENT));
        assertThat(heldAtMint()).isZero();
    }

    @Test
    void aTokenWhoseProofsCarryValidDleqProofs_isCredited() {
        List<Proof> proofs = mint.proofsWorth(MINT, SAT, 15).stream()
                .map(p -> p.withDleq(DLEQ))
                .toList();

        assertThat(wallet.receive(codec.encode(EcashToken.of(MINT, SAT, proofs))))
                .isInstanceOfSatisfying(
                        Credited.class, c -> assertThat(c.credited()).isEqualTo(Msats.ofSats(15)));
        assertThat(heldAtMint()).isEqualTo(15);
    }

    @Test
    void aTokenWithOneProofWhoseDleqProofDoesNotVerify_isRefusedAsAnInvalidSignature_andNothingOfItIsSpent() {
        List<Proof> proofs = new ArrayList<>(mint.proofsWorth(MINT, SAT, 15).stream()
                .map(p -> p.withDleq(DLEQ))
                .toList());
        assertThat(proofs).hasSizeGreaterThan(2);
        Proof last = proofs.getLast();
        // Another proof's signature: a well-formed point that is not the mint's signature on this secret.
        proofs.set(
                proofs.size() - 1,
                Proof.of(
                                last.amount(),
                                last.keysetId(),
                                last.secret(),
                                proofs.getFirst().c())
                        .withDleq(DLEQ));

        assertThat(wallet.receive(codec.encode(EcashToken.of(MINT, SAT, proofs))))
                .isInstanceOfSatisfying(
                        Failure.class, f -> assertThat(f.kind()).isEqualTo(FailureKind.INVALID_SIGNATURE));
        assertThat(proofs).noneMatch(p -> mint.isSpent(MINT, crypto.y(p.secret())));
        assertThat(heldAtMint()).isZero();
    }

    @Test
    void aRedemptionWhoseSwapAnswerIsLost_isCreditedOnceByRecovery() {
        String token = clientToken(13);
        mint.loseNextAnswer();

        assertThat(wallet.receive(token))
                .isInstanceOfSatisfying(
                        Failure.class, f -> assertThat(f.kind()).isEqualTo(FailureKind.OUTCOME_UNKNOWN));
        assertThat(wallet.receiveStatus(TokenFingerprint.of(token))).isInstanceOf(ReceiveStatus.Unfinished.class);

        clock.advance(Duration.ofMinutes(1));
        RecoveryReport report = wallet.recover();

        assertThat(report.receives())
                .singleElement()
                .satisfies(r -> assertThat(r.credited()).isEqualTo(Msats.ofSats(13)));
        assertThat(wallet.receiveStatus(TokenFingerprint.of(token)))
                .isEqualTo(new ReceiveStatus.Received(Msats.ofSats(13), MINT, SAT));
        assertThat(wallet.recover().receives()).isEmpty();
        assertThat(wallet.receive(token)).isInstanceOf(AlreadyRedeemed.class);
        assertThat(heldAtMint()).isEqualTo(13);
    }

    @Test
    void aQuoteIsMintedOnce_andWhatIsSentIsATokenAnotherWalletRedeems() {
        MintQuote quote = (MintQuote) wallet.createMintQuote(MINT, SAT, 100);
        Minted minted = (Minted) wallet.mintFromQuote(MINT, SAT, quote.quoteId(), 100);
        // Asked again (a caller that crashed before crediting), the wallet answers from its journal, minting nothing.
        assertThat(wallet.mintFromQuote(MINT, SAT, quote.quoteId(), 100)).isEqualTo(minted);
        assertThat(heldAtMint()).isEqualTo(100);

        Sent sent = (Sent) wallet.send(MINT, SAT, Msats.ofSats(30), "payout-1");

        assertThat(heldAtMint()).isEqualTo(70);
        CashuWallet receiver = new CashuWallet(
                new WalletSettings(List.of(MINT), MINT, SAT, Duration.ofSeconds(30), 100),
                mint,
                crypto,
                codec,
                new InMemoryWalletProofStore(),
                new InMemoryWalletJournal(),
                new SeedVault(new InMemoryWalletSeed(), crypto),
                clock,
                ForeignMints.rejecting());
        assertThat(receiver.receive(sent.token()))
                .isInstanceOfSatisfying(
                        Credited.class, c -> assertThat(c.credited()).isEqualTo(Msats.ofSats(30)));
    }

    @Test
    void whatTheCallerRecordsForACredit_runsInTheCommitAfterTheSwap_notInOneOfItsOwn() {
        int before = journal.transactions();
        List<Msats> recorded = new ArrayList<>();

        ReceiveOutcome outcome = wallet.receive(
                clientToken(100),
                credited -> journal.inOneTransaction(
                        () -> {
                            recorded.add(credited.credited());
                            return Boolean.TRUE;
                        },
                        done -> true));

        assertThat(outcome).isInstanceOf(Credited.class);
        assertThat(recorded).containsExactly(Msats.ofSats(100));
        // The write-ahead before the swap and the commit after it: the caller's record joined the second.
        assertThat(journal.transactions() - before).isEqualTo(2);
    }

    @Test
    void whenWhatTheCallerRecordsFails_theSwapIsStillRecorded_andTheFailureReachesTheCaller() {
        String token = clientToken(100);

        assertThatThrownBy(() -> wallet.receive(token, credited -> {
                    throw new IllegalStateException("the caller's record failed");
                }))
                .hasMessage("the caller's record failed");

        assertThat(wallet.receiveStatus(TokenFingerprint.of(token))).isInstanceOf(ReceiveStatus.Received.class);
        assertThat(wallet.receive(token)).isInstanceOf(AlreadyRedeemed.class);
    }

    @Test
    void proofsThatAddUpToTheToken_areClaimedAndHandedOutInOneCommit_noMintCallComingBetween() {
        assertThat(wallet.receive(clientToken(100))).isInstanceOf(Credited.class);
        int before = journal.transactions();

        Sent sent = (Sent) wallet.send(MINT, SAT, Msats.ofSats(100), "payout-exact");

        assertThat(journal.transactions() - before).isEqualTo(1);
        assertThat(heldAtMint()).isZero();
        assertThat(wallet.findSent("payout-exact")).contains(sent);
    }

    @Test
    void whatTheCallerRecordsForATokenHandedOutWithoutASwap_runsInTheOneCommitOfTheSend() {
        assertThat(wallet.receive(clientToken(100))).isInstanceOf(Credited.class);
        int before = journal.transactions();
        List<String> recorded = new ArrayList<>();

        Sent sent = (Sent) wallet.send(
                MINT,
                SAT,
                Msats.ofSats(100),
                "payout-recorded",
                handedOut -> journal.inOneTransaction(() -> recorded.add(handedOut.token()), done -> true));

        assertThat(recorded).containsExactly(sent.token());
        // The claim, the hand-out and the caller's record: one commit.
        assertThat(journal.transactions() - before).isEqualTo(1);
        assertThat(wallet.findSent("payout-recorded")).contains(sent);
    }

    @Test
    void aSendWithoutASwap_recordsItsOperationFinished_inTheCommitThatHandsTheTokenOut() {
        assertThat(wallet.receive(clientToken(100))).isInstanceOf(Credited.class);

        Sent sent = (Sent) wallet.send(MINT, SAT, Msats.ofSats(100), "payout-journal");

        UUID operation =
                proofs.findOutgoingByReference("payout-journal").orElseThrow().operationId();
        assertThat(journal.find(operation).orElseThrow()).satisfies(op -> {
            assertThat(op.kind()).isEqualTo(OperationKind.SEND);
            assertThat(op.state()).isEqualTo(OperationState.COMPLETED);
            assertThat(op.settledAmount()).isEqualTo(100);
        });
        assertThat(sent.amount()).isEqualTo(Msats.ofSats(100));
    }

    @Test
    void whatTheCallerRecordsForATokenHandedOutAfterASwap_runsInTheCommitAfterTheSwap() {
        InMemoryWalletJournal compactJournal = new InMemoryWalletJournal();
        CashuWallet compact =
                walletKeeping(Denominations.COMPACT, mint, new InMemoryWalletProofStore(), compactJournal);
        assertThat(compact.receive(clientToken(10))).isInstanceOf(Credited.class); // kept as 8 + 2
        int before = compactJournal.transactions();
        List<String> recorded = new ArrayList<>();

        Sent sent = (Sent) compact.send(
                MINT,
                SAT,
                Msats.ofSats(9),
                "change-9-recorded",
                handedOut -> compactJournal.inOneTransaction(() -> recorded.add(handedOut.token()), done -> true));

        assertThat(recorded).containsExactly(sent.token());
        // The write-ahead before the swap and the hand-out after it: the caller's record joined the second.
        assertThat(compactJournal.transactions() - before).isEqualTo(2);
    }

    @Test
    void anyChangeUpToARedeemedTokensValue_isHandedOutFromItsProofs_noSwapComingBetween() {
        for (long change = 1; change <= 10; change++) {
            assertThat(wallet.receive(clientToken(10))).isInstanceOf(Credited.class);
            int before = journal.transactions();

            assertThat(wallet.send(MINT, SAT, Msats.ofSats(change), "change-" + change))
                    .isInstanceOf(Sent.class);

            assertThat(journal.transactions() - before)
                    .as("change of %d sat from a 10-sat token", change)
                    .isEqualTo(1);
        }
        assertThat(heldAtMint()).isEqualTo(10 * 10 - 55);
    }

    @Test
    void withCompactDenominations_aChangeTheProofsCannotMake_isSwappedAtTheMint() {
        InMemoryWalletJournal compactJournal = new InMemoryWalletJournal();
        CashuWallet compact =
                walletKeeping(Denominations.COMPACT, mint, new InMemoryWalletProofStore(), compactJournal);
        assertThat(compact.receive(clientToken(10))).isInstanceOf(Credited.class); // kept as 8 + 2
        int before = compactJournal.transactions();

        assertThat(compact.send(MINT, SAT, Msats.ofSats(9), "change-9")).isInstanceOf(Sent.class);

        assertThat(compactJournal.transactions() - before).isGreaterThan(1);
    }

    @Test
    void onAKeysetWithAnInputFee_theWalletKeepsTheFewestProofs() {
        InMemoryMint charging = new InMemoryMint(100);
        InMemoryWalletProofStore kept = new InMemoryWalletProofStore();
        CashuWallet wallet = walletKeeping(Denominations.CHANGE_READY, charging, kept, new InMemoryWalletJournal());
        String token = codec.encode(EcashToken.of(MINT, SAT, charging.proofsWorth(MINT, SAT, 11)));

        // 11 sat in 3 proofs (8 + 2 + 1) pay an input fee of 1: 10 sat kept as 8 + 2, not as 1 + 2 + 4 + 2 + 1.
        assertThat(wallet.receive(token))
                .isInstanceOfSatisfying(
                        Credited.class, c -> assertThat(c.credited()).isEqualTo(Msats.ofSats(10)));
        assertThat(kept.inState(MINT, SAT, ProofState.UNSPENT))
                .extracting(StoredProof::amount)
                .containsExactlyInAnyOrder(8L, 2L);
    }

    private CashuWallet walletKeeping(
            Denominations keptAs,
            InMemoryMint at,
            InMemoryWalletProofStore itsProofs,
            InMemoryWalletJournal itsJournal) {
        return new CashuWallet(
                new WalletSettings(List.of(MINT), MINT, SAT, Duration.ofSeconds(30), 100, keptAs),
                at,
                crypto,
                codec,
                itsProofs,
                itsJournal,
                new SeedVault(new InMemoryWalletSeed(), crypto),
                clock,
                ForeignMints.rejecting());
    }

    /** {@code count} one-sat proofs the mint signed, in the wallet as an {@code X-Cashu} request's charge leaves them. */
    private void walletHoldsOneSatProofs(InMemoryMint at, InMemoryWalletProofStore store, int count) {
        for (int i = 0; i < count; i++) {
            Proof proof = at.proofsWorth(MINT, SAT, 1).getFirst();
            store.addUnspent(MINT, SAT, List.of(new NewProof(proof, crypto.y(proof.secret()))), clock.now());
        }
    }

    @Test
    void aWalletHoldingMoreProofsThanTheBound_swapsTheSmallestForAFewOfTheSameSum_untilWithinIt() {
        walletHoldsOneSatProofs(mint, proofs, 300);

        ConsolidationReport report = wallet.consolidate(100, 200);

        // 200 one-sat proofs → 1 + 2 + 4 + … + 64 and 73 as 64 + 8 + 1 (10 proofs); 110 left, so the smallest 110
        // (300 sat) go next → 12 proofs.
        assertThat(report).isEqualTo(new ConsolidationReport(2, 310, 22));
        assertThat(heldAtMint()).isEqualTo(300);
        assertThat(proofs.inState(MINT, SAT, ProofState.UNSPENT)).hasSize(12);
        assertThat(wallet.consolidate(100, 200)).isEqualTo(ConsolidationReport.NONE);
    }

    @Test
    void aWalletWithinTheBound_isLeftAsItIs() {
        walletHoldsOneSatProofs(mint, proofs, 100);

        assertThat(wallet.consolidate(100, 200)).isEqualTo(ConsolidationReport.NONE);
        assertThat(proofs.inState(MINT, SAT, ProofState.UNSPENT)).hasSize(100);
    }

    @Test
    void proofsOfAKeysetWithAnInputFee_areNotConsolidated_theSwapWouldCostTheOwner() {
        InMemoryMint charging = new InMemoryMint(100);
        InMemoryWalletProofStore kept = new InMemoryWalletProofStore();
        CashuWallet wallet = walletKeeping(Denominations.CHANGE_READY, charging, kept, new InMemoryWalletJournal());
        walletHoldsOneSatProofs(charging, kept, 50);

        assertThat(wallet.consolidate(10, 20)).isEqualTo(ConsolidationReport.NONE);
        assertThat(kept.inState(MINT, SAT, ProofState.UNSPENT)).hasSize(50);
    }

    @Test
    void aConsolidationWhoseSwapAnswerIsLost_isSettledByRecovery_nothingLostOrCreated() {
        walletHoldsOneSatProofs(mint, proofs, 30);
        mint.loseNextAnswer();

        assertThat(wallet.consolidate(10, 20)).isEqualTo(ConsolidationReport.NONE);
        assertThat(proofs.inState(MINT, SAT, ProofState.PENDING)).hasSize(20);

        clock.advance(Duration.ofMinutes(1));
        wallet.recover();

        // 20 sat came back as 1 + 2 + 4 + 8 and 5 as 4 + 1, beside the 10 proofs never claimed.
        assertThat(heldAtMint()).isEqualTo(30);
        assertThat(proofs.inState(MINT, SAT, ProofState.UNSPENT)).hasSize(16);
    }

    @Test
    void aConsolidationThatCannotReachTheMint_leavesTheProofsAsTheyWere() {
        walletHoldsOneSatProofs(mint, proofs, 30);
        mint.reachable(false);

        assertThat(wallet.consolidate(10, 20)).isEqualTo(ConsolidationReport.NONE);

        mint.reachable(true);
        assertThat(heldAtMint()).isEqualTo(30);
        assertThat(proofs.inState(MINT, SAT, ProofState.UNSPENT)).hasSize(30);
    }

    @Test
    void aMeltPaysTheInvoice_andKeepsItsChange() {
        assertThat(wallet.receive(clientToken(100))).isInstanceOf(Credited.class);

        assertThat(wallet.melt(MINT, SAT, InMemoryMint.invoice(40), invoice -> true))
                .isInstanceOfSatisfying(
                        Melted.class, m -> assertThat(m.amount()).isEqualTo(40));

        assertThat(heldAtMint()).isEqualTo(60);
    }
}
