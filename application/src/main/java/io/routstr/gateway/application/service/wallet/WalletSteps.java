package io.routstr.gateway.application.service.wallet;

import io.routstr.gateway.application.port.out.ClockPort;
import io.routstr.gateway.application.port.out.MintPort;
import io.routstr.gateway.application.port.out.MintPort.BlindSignature;
import io.routstr.gateway.application.port.out.MintPort.BlindedMessage;
import io.routstr.gateway.application.port.out.MintPort.Call;
import io.routstr.gateway.application.port.out.MintPort.KeysetInfo;
import io.routstr.gateway.application.port.out.MintPort.MintKeyset;
import io.routstr.gateway.application.port.out.MintPort.ProofStateInfo;
import io.routstr.gateway.application.port.out.MintPort.Refusal;
import io.routstr.gateway.application.port.out.WalletCryptoPort.Output;
import io.routstr.gateway.application.port.out.WalletJournalPort;
import io.routstr.gateway.application.port.out.WalletJournalPort.Operation;
import io.routstr.gateway.application.port.out.WalletJournalPort.OperationKind;
import io.routstr.gateway.application.port.out.WalletJournalPort.OperationState;
import io.routstr.gateway.application.port.out.WalletProofStorePort;
import io.routstr.gateway.application.port.out.WalletProofStorePort.NewProof;
import io.routstr.gateway.application.port.out.WalletProofStorePort.ProofSelector;
import io.routstr.gateway.application.port.out.WalletProofStorePort.ProofState;
import io.routstr.gateway.application.port.out.WalletProofStorePort.StoredProof;
import io.routstr.gateway.application.service.wallet.EcashWallet.Failure;
import io.routstr.gateway.application.service.wallet.EcashWallet.FailureKind;
import io.routstr.gateway.domain.ecash.KeysetId;
import io.routstr.gateway.domain.ecash.Proof;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps every wallet job shares: the journalled call to the mint (outputs reserved in the journal and derived
 * from the seed before the request leaves, the answer unblinded before anything is stored, a lost answer left to
 * recovery), and what follows a refusal or a shortage. No step opens a transaction across a call to the mint: each
 * store call is its own short transaction.
 */
record WalletSteps(
        WalletSettings settings,
        MintPort mints,
        WalletProofStorePort proofs,
        WalletJournalPort journal,
        ClockPort clock,
        WalletFaults faults,
        WalletOutputs outputs) {

    private static final Logger log = LoggerFactory.getLogger(WalletSteps.class);

    /** What a journalled swap or mint call gave. */
    sealed interface Answer {
        /** The mint signed every output; {@code fresh} are the unblinded proofs, not stored yet. */
        record Signed(List<NewProof> fresh) implements Answer {}

        /** The mint refused: nothing happened there. */
        record MintRefused(Refusal error) implements Answer {}

        /** The request never reached the mint. */
        record Unreachable(String reason) implements Answer {}

        /** The mint may have acted; the operation stays open for recovery, and {@code failure} says so. */
        record Unknown(Failure failure) implements Answer {}
    }

    /** The mint port bound to {@code mint}. */
    MintAt mint(MintUrl mint) {
        return new MintAt(mints, mint);
    }

    /** Reserves one counter per amount in the journal and derives the outputs there (NUT-13). */
    List<Output> reserveOutputs(UUID opId, KeysetId keysetId, List<Long> amounts, Instant now) {
        return outputs.plan(journal.reserveOutputs(opId, keysetId, amounts.size(), now), amounts);
    }

    /**
     * Sends {@code planned} outputs to the mint through {@code call} (a swap or a mint) and unblinds its signatures.
     * The outputs' counters are in the journal already, so an answer that is lost or cannot be used is restored by
     * recovery: such an operation stays open and comes back as {@link Answer.Unknown}.
     */
    Answer callMint(
            UUID opId,
            OperationKind kind,
            MintAt client,
            List<Output> planned,
            Function<List<BlindedMessage>, Call<List<BlindSignature>>> call) {
        faults.at(WalletFaults.Step.BEFORE_MINT_CALL, kind);
        return switch (call.apply(WalletOutputs.blinded(planned))) {
            case Call.Ok<List<BlindSignature>> signed -> {
                faults.at(WalletFaults.Step.BEFORE_COMMIT, kind);
                yield outputs.unblindOrNothing(client, planned, signed.value())
                        .<Answer>map(Answer.Signed::new)
                        .orElseGet(
                                () -> new Answer.Unknown(unknown(opId, "the mint's signatures could not be checked")));
            }
            case Call.Rejected<List<BlindSignature>> rejected -> new Answer.MintRefused(rejected.refusal());
            case Call.Unreachable<List<BlindSignature>> unreachable -> new Answer.Unreachable(unreachable.reason());
            case Call.OutcomeUnknown<List<BlindSignature>> lost -> new Answer.Unknown(unknown(opId, lost.reason()));
        };
    }

    /**
     * The journalled swap (NUT-03) of {@code inputs} for the {@code planned} outputs, whose counters the journal has
     * reserved, sent through {@link #callMint}.
     */
    Answer swap(UUID opId, OperationKind kind, MintAt client, List<Output> planned, List<Proof> inputs) {
        return callMint(
                opId, kind, client, planned, blinded -> client.swap(WalletOutputs.withoutDleq(inputs), blinded));
    }

    /**
     * Store calls as one transaction of the journal and the proof store, rolled back when {@code keep} refuses the
     * result; never a mint call inside ({@link WalletJournalPort#inOneTransaction}).
     */
    <T> T inOneTransaction(Supplier<T> work, Predicate<? super T> keep) {
        return journal.inOneTransaction(work, keep);
    }

    /** Store calls that commit together. */
    void inOneTransaction(Runnable work) {
        journal.inOneTransaction(
                () -> {
                    work.run();
                    return Boolean.TRUE;
                },
                done -> true);
    }

    /**
     * {@code amount} in {@code keyset}'s denominations for the wallet to keep: change-ready where the settings ask for
     * it and spending a proof of the keyset costs no input fee, the fewest proofs otherwise.
     */
    List<Long> keptAmounts(long amount, MintKeyset keyset, Map<KeysetId, Long> fees) {
        boolean feeFree = fees.getOrDefault(keyset.id(), 0L) == 0;
        if (settings.keptAs() == WalletSettings.Denominations.CHANGE_READY && feeFree) {
            return Amounts.changeReady(amount, keyset.keys().keySet());
        }
        return Amounts.split(amount, keyset.keys().keySet());
    }

    /** The input fee per keyset of the mint (NUT-02), in parts per thousand. */
    Checked<Map<KeysetId, Long>> feeTable(MintAt client) {
        Call<List<KeysetInfo>> keysets = client.keysets();
        if (!(keysets instanceof Call.Ok<List<KeysetInfo>>(List<KeysetInfo> listed))) {
            return Checked.refused(refusal(keysets));
        }
        Map<KeysetId, Long> fees = new HashMap<>();
        listed.forEach(k -> fees.put(k.id(), k.inputFeePpk()));
        return new Checked.Value<>(fees);
    }

    /**
     * Opens {@code operation} in the journal and claims its inputs by {@code selector} under it. When nothing can be
     * claimed the operation is finished failed, and the refusal says whether the shortage ({@code detail}) is real or
     * only held by operations in flight.
     */
    Checked<List<StoredProof>> openAndClaim(Operation operation, ProofSelector selector, String detail) {
        Instant now = operation.createdAt();
        journal.open(operation);
        List<StoredProof> claimed = proofs.claim(operation.id(), operation.mint(), operation.unit(), selector, now);
        if (claimed.isEmpty()) {
            journal.finish(operation.id(), OperationState.FAILED, 0, now);
            return Checked.refused(shortage(operation.mint(), operation.unit(), selector, detail));
        }
        return new Checked.Value<>(claimed);
    }

    /**
     * Why {@code selector} could claim nothing: a real shortage, or only a temporary one when the proofs this wallet
     * holds of the mint, counting those other operations in flight hold as {@code PENDING} (or have locked while
     * claiming), would do; those operations return their change when they finish, so the caller may retry.
     */
    Failure shortage(MintUrl mint, CurrencyUnit unit, ProofSelector selector, String detail) {
        List<StoredProof> held = new ArrayList<>(proofs.inState(mint, unit, ProofState.UNSPENT));
        held.addAll(proofs.inState(mint, unit, ProofState.PENDING));
        held.sort(Comparator.comparingLong(StoredProof::amount).reversed().thenComparing(StoredProof::y));
        return selector.select(held).isEmpty()
                ? Failure.of(FailureKind.INSUFFICIENT_FUNDS, detail)
                : Failure.of(FailureKind.FUNDS_IN_FLIGHT, "this mint's proofs are held by operations in flight");
    }

    /**
     * Moves an operation's pending inputs by their NUT-07 state: spent ones to {@code SPENT}, unspent own ones back to
     * {@code UNSPENT}, unspent client ones dropped. Returns false (and leaves the rest pending) if the mint cannot say
     * or some input is still pending there.
     */
    boolean settleInputs(MintAt client, UUID opId, List<StoredProof> inputs) {
        Call<List<ProofStateInfo>> states = client.checkState(WalletOutputs.ys(inputs));
        if (!(states instanceof Call.Ok<List<ProofStateInfo>> ok)) {
            return false;
        }
        List<String> spent = new ArrayList<>();
        List<String> unspent = new ArrayList<>();
        boolean stillPending = false;
        for (int i = 0; i < inputs.size(); i++) {
            switch (ok.value().get(i).state()) {
                case "SPENT" -> spent.add(inputs.get(i).y());
                case "UNSPENT" -> unspent.add(inputs.get(i).y());
                default -> stillPending = true;
            }
        }
        Instant now = clock.now();
        proofs.markSpent(opId, spent, now);
        proofs.release(opId, unspent, now);
        if (stillPending) {
            return false;
        }
        proofs.forgetIncoming(opId);
        return true;
    }

    /** After a definite refusal: inputs by their state at the mint, and the operation failed once all are settled. */
    void failWithInputsSettled(MintAt client, UUID opId, List<StoredProof> inputs) {
        if (settleInputs(client, opId, inputs)) {
            journal.finish(opId, OperationState.FAILED, 0, clock.now());
        }
    }

    /** The operation never reached the mint: its claimed proofs are free again and it failed. */
    void release(UUID opId, List<StoredProof> claimed) {
        Instant now = clock.now();
        proofs.release(opId, WalletOutputs.ys(claimed), now);
        journal.finish(opId, OperationState.FAILED, 0, now);
    }

    Failure unknown(UUID opId, String reason) {
        log.warn("wallet operation {} has an unknown outcome ({}); recovery will settle it", opId, reason);
        return new Failure(
                FailureKind.OUTCOME_UNKNOWN,
                "the mint may have processed the request; the wallet will settle it",
                Optional.of(opId));
    }

    /** The failure a call that did not answer {@link Call.Ok} stands for. */
    static Failure refusal(Call<?> call) {
        return switch (call) {
            case Call.Ok<?> ok -> throw new IllegalArgumentException("an answer is no refusal");
            case Call.Rejected<?> r -> mintRefusal(r.refusal());
            case Call.Unreachable<?> u -> Failure.of(FailureKind.MINT_UNREACHABLE, u.reason());
            case Call.OutcomeUnknown<?> u -> Failure.of(FailureKind.MINT_UNREACHABLE, u.reason());
        };
    }

    static Failure mintRefusal(Refusal error) {
        return switch (error.kind()) {
            case RATE_LIMITED -> Failure.of(FailureKind.MINT_RATE_LIMITED, "the mint is rate limiting this node");
            case ALREADY_SPENT -> Failure.of(FailureKind.ALREADY_SPENT, "proofs already spent");
            case PROOFS_PENDING -> Failure.of(FailureKind.TOKEN_PENDING, "proofs pending at the mint");
            default ->
                Failure.of(FailureKind.MINT_REJECTED, "the mint refused: " + error.kind() + " (" + error.code() + ")");
        };
    }
}
