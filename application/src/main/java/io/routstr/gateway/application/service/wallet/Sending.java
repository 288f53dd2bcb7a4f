package io.routstr.gateway.application.service.wallet;

import io.routstr.gateway.application.port.out.MintPort.Call;
import io.routstr.gateway.application.port.out.MintPort.MintKeyset;
import io.routstr.gateway.application.port.out.MintPort.ProofStateInfo;
import io.routstr.gateway.application.port.out.MintPort.Refusal;
import io.routstr.gateway.application.port.out.TokenCodecPort;
import io.routstr.gateway.application.port.out.TokenCodecPort.Decoded;
import io.routstr.gateway.application.port.out.WalletCryptoPort.Output;
import io.routstr.gateway.application.port.out.WalletJournalPort.Operation;
import io.routstr.gateway.application.port.out.WalletJournalPort.OperationKind;
import io.routstr.gateway.application.port.out.WalletJournalPort.OperationState;
import io.routstr.gateway.application.port.out.WalletJournalPort.OutputRange;
import io.routstr.gateway.application.port.out.WalletProofStorePort.NewProof;
import io.routstr.gateway.application.port.out.WalletProofStorePort.OutgoingToken;
import io.routstr.gateway.application.port.out.WalletProofStorePort.ProofSelector;
import io.routstr.gateway.application.port.out.WalletProofStorePort.StoredProof;
import io.routstr.gateway.application.service.wallet.EcashWallet.Failure;
import io.routstr.gateway.application.service.wallet.EcashWallet.FailureKind;
import io.routstr.gateway.application.service.wallet.EcashWallet.SendOutcome;
import io.routstr.gateway.application.service.wallet.EcashWallet.Sent;
import io.routstr.gateway.application.service.wallet.EcashWallet.TokenProofsState;
import io.routstr.gateway.application.service.wallet.WalletSteps.Answer;
import io.routstr.gateway.domain.ecash.EcashToken;
import io.routstr.gateway.domain.ecash.KeysetId;
import io.routstr.gateway.domain.ecash.Proof;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import io.routstr.gateway.domain.money.Msats;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Handing out tokens (change, refunds, payouts): proofs of the mint are claimed, swapped for exact amounts when they
 * do not add up to the token, and the token is stored as an outgoing record before anyone sees it.
 */
record Sending(WalletSteps steps, TokenCodecPort codec) {

    Sending {
        Objects.requireNonNull(codec, "codec");
    }

    SendOutcome send(MintUrl mint, CurrencyUnit unit, Msats amount, String reference) {
        return send(mint, unit, amount, reference, sent -> {});
    }

    /** As {@link #send(MintUrl, CurrencyUnit, Msats, String)}, with {@code inSameCommit} run in the hand-out's commit. */
    SendOutcome send(MintUrl mint, CurrencyUnit unit, Msats amount, String reference, Consumer<Sent> inSameCommit) {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(inSameCommit, "inSameCommit");
        Objects.requireNonNull(reference, "reference");
        if (!unit.isBitcoin()) {
            return Failure.of(FailureKind.UNSUPPORTED_UNIT, "this node sends sat and msat tokens only");
        }
        long target = unit.fromMsatsFloor(amount);
        if (target <= 0) {
            return Failure.of(FailureKind.AMOUNT_TOO_SMALL, "less than one " + unit + " cannot be sent");
        }
        MintAt client = steps.mint(mint);
        Checked<Map<KeysetId, Long>> feeTable = steps.feeTable(client);
        if (!(feeTable instanceof Checked.Value<Map<KeysetId, Long>>(Map<KeysetId, Long> fees))) {
            return feeTable.refusal();
        }
        // Read before the claim, so that the claim and the outputs of a swap commit together; an exact send needs no
        // keyset, so a mint that cannot name one now only fails a send that must swap.
        Optional<MintKeyset> activeKeyset = client.activeKeyset(unit) instanceof Call.Ok<MintKeyset>(MintKeyset found)
                ? Optional.of(found)
                : Optional.empty();
        UUID opId = UUID.randomUUID();
        Instant now = steps.clock().now();
        Operation operation =
                Operation.prepare(opId, OperationKind.SEND, mint, unit, Optional.empty(), Optional.empty(), now);
        ProofSelector selector = ProofSelection.forSend(target, fees);
        // Write-ahead, one commit: its proofs claimed and the operation recorded. Proofs that add up to the token are
        // handed out in that same commit, with the operation recorded finished: no mint call comes between the claim
        // and the hand-out, so there is nothing to write ahead of, and a crash before the commit leaves nothing
        // claimed. Proofs that must be swapped first are claimed with the operation recorded in flight and its
        // outputs reserved, one statement for both.
        Claim claim = steps.inOneTransaction(
                () -> {
                    List<StoredProof> claimed = steps.proofs().claim(opId, mint, unit, selector, now);
                    List<Proof> inputs =
                            claimed.stream().map(StoredProof::proof).toList();
                    long sum = Amounts.sum(inputs);
                    if (!claimed.isEmpty() && sum == target) {
                        List<NewProof> carried = claimed.stream()
                                .map(p -> new NewProof(p.proof(), p.y()))
                                .toList();
                        return Claim.handedOut(
                                claimed,
                                handOut(
                                        operation,
                                        false,
                                        mint,
                                        unit,
                                        target,
                                        carried,
                                        reference,
                                        List.of(),
                                        List.of(),
                                        0,
                                        inSameCommit));
                    }
                    if (claimed.isEmpty() || activeKeyset.isEmpty()) {
                        return new Claim(claimed, List.of(), List.of(), Optional.empty(), 0, Optional.empty());
                    }
                    MintKeyset keyset = activeKeyset.get();
                    long inputFee = Amounts.inputFee(inputs, fees);
                    List<Long> sendAmounts = Amounts.split(target, keyset.keys().keySet());
                    List<Long> amounts = new ArrayList<>(sendAmounts);
                    amounts.addAll(steps.keptAmounts(sum - target - inputFee, keyset, fees));
                    Collections.sort(amounts);
                    OutputRange range = steps.journal().openWithOutputs(operation, keyset.id(), amounts.size());
                    return new Claim(claimed, sendAmounts, amounts, Optional.of(range), inputFee, Optional.empty());
                },
                Claim::goesAhead);
        if (claim.sent().isPresent()) {
            return claim.sent().get();
        }
        List<StoredProof> claimed = claim.proofs();
        if (claimed.isEmpty()) {
            // Nothing claimed, nothing recorded.
            return steps.shortage(mint, unit, selector, "the wallet holds too little of this mint and unit");
        }
        List<Proof> inputs = claimed.stream().map(StoredProof::proof).toList();
        if (claim.outputs().isEmpty()) {
            // Rolled back; a store without transactions kept the claim, which is released here (no operation was
            // recorded, so none is failed).
            steps.release(opId, claimed);
            return WalletSteps.refusal(client.activeKeyset(unit));
        }
        long inputFee = claim.inputFee();
        List<Long> sendAmounts = claim.sendAmounts();
        List<Output> planned = steps.outputs().plan(claim.outputs().get(), claim.amounts());
        Answer answer = steps.swap(opId, OperationKind.SEND, client, planned, inputs);
        return switch (answer) {
            case Answer.Signed(List<NewProof> fresh) -> {
                List<NewProof> toSend = new ArrayList<>();
                List<NewProof> toKeep = new ArrayList<>();
                List<Long> wanted = new ArrayList<>(sendAmounts);
                for (NewProof proof : fresh) {
                    (wanted.remove(Long.valueOf(proof.proof().amount())) ? toSend : toKeep).add(proof);
                }
                List<String> swapped = WalletOutputs.ys(claimed);
                Function<Consumer<Sent>, Sent> handingOut = callersRecord -> handOut(
                        operation,
                        true,
                        mint,
                        unit,
                        target,
                        toSend,
                        reference,
                        toKeep,
                        swapped,
                        inputFee,
                        callersRecord);
                try {
                    yield handingOut.apply(inSameCommit);
                } catch (RuntimeException callerFailed) {
                    // Rolled back with the caller's record: the swap's proofs are stored and the token handed out on
                    // their own, as when the two had a commit each, and the caller's failure is thrown on.
                    handingOut.apply(sent -> {});
                    throw callerFailed;
                }
            }
            case Answer.MintRefused(Refusal error) -> {
                steps.failWithInputsSettled(client, opId, claimed);
                yield WalletSteps.mintRefusal(error);
            }
            case Answer.Unreachable(String reason) -> {
                steps.release(opId, claimed);
                yield Failure.of(FailureKind.MINT_UNREACHABLE, reason);
            }
            case Answer.Unknown(Failure unknown) -> unknown;
        };
    }

    /**
     * What the write-ahead transaction of a send left: the proofs claimed (none: a shortage, rolled back) and either
     * the token they made, handed out in the same transaction ({@code sent}), or, when they must be swapped, the
     * amounts to ask for and their reserved outputs (none: no keyset to swap into, rolled back).
     */
    private record Claim(
            List<StoredProof> proofs,
            List<Long> sendAmounts,
            List<Long> amounts,
            Optional<OutputRange> outputs,
            long inputFee,
            Optional<Sent> sent) {

        static Claim handedOut(List<StoredProof> proofs, Sent sent) {
            return new Claim(proofs, List.of(), List.of(), Optional.empty(), 0, Optional.of(sent));
        }

        boolean goesAhead() {
            return !proofs.isEmpty() && (sent.isPresent() || outputs.isPresent());
        }
    }

    /** The token {@link #send} stored under {@code reference}, if it stored one. */
    Optional<Sent> findSent(String reference) {
        return steps.proofs()
                .findOutgoingByReference(reference)
                .map(t -> new Sent(t.token(), t.unit().toMsats(t.amount()), t.amount(), t.mint(), t.unit(), t.id()));
    }

    /** The NUT-07 state of a token's proofs at its mint; empty when the mint cannot say or the token cannot be read. */
    Optional<TokenProofsState> tokenState(String tokenText) {
        if (!(codec.decode(tokenText) instanceof Decoded.Token(EcashToken token))) {
            return Optional.empty();
        }
        List<String> ys = token.proofs().stream().map(steps.outputs()::y).toList();
        if (!(steps.mint(token.mint()).checkState(ys) instanceof Call.Ok<List<ProofStateInfo>> states)) {
            return Optional.empty();
        }
        // NUT-07: a proof PENDING at the mint is being spent, so the token can no longer be handed back as it is.
        boolean allUnspent = states.value().stream().allMatch(s -> s.state().equals("UNSPENT"));
        return Optional.of(allUnspent ? TokenProofsState.UNSPENT : TokenProofsState.SPENT);
    }

    /**
     * Stores the outgoing token (and its proofs as spent) before anyone sees it, with the swap's change kept, its
     * inputs spent and the operation finished in the same transaction (joining the caller's, when it has one open),
     * and runs {@code inSameCommit} in it. An operation {@code recordedBefore} a swap is finished; one that was not (a
     * send without a swap, which begins and ends in this transaction) is recorded finished.
     */
    private Sent handOut(
            Operation operation,
            boolean recordedBefore,
            MintUrl mint,
            CurrencyUnit unit,
            long amount,
            List<NewProof> carried,
            String reference,
            List<NewProof> kept,
            List<String> swappedInputs,
            long inputFee,
            Consumer<Sent> inSameCommit) {
        String token = codec.encode(
                EcashToken.of(mint, unit, carried.stream().map(NewProof::proof).toList()));
        Instant now = steps.clock().now();
        UUID tokenId = UUID.randomUUID();
        Sent sent = new Sent(token, unit.toMsats(amount), amount, mint, unit, tokenId, inputFee);
        steps.inOneTransaction(() -> {
            steps.proofs()
                    .recordOutgoingAfterSwap(
                            new OutgoingToken(tokenId, operation.id(), mint, unit, amount, token, reference, now),
                            carried,
                            kept,
                            swappedInputs,
                            now);
            if (recordedBefore) {
                steps.journal().finish(operation.id(), OperationState.COMPLETED, amount, now);
            } else {
                steps.journal().recordFinished(operation, OperationState.COMPLETED, amount, now);
            }
            inSameCommit.accept(sent);
        });
        return sent;
    }
}
