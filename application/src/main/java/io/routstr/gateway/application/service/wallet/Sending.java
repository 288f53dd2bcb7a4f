package io.routstr.gateway.application.service.wallet;

import io.routstr.gateway.application.port.out.MintPort.Call;
import io.routstr.gateway.application.port.out.MintPort.MintKeyset;
import io.routstr.gateway.application.port.out.MintPort.ProofStateInfo;
import io.routstr.gateway.application.port.out.MintPort.Refusal;
import io.routstr.gateway.application.port.out.TokenCodecPort;
import io.routstr.gateway.application.port.out.TokenCodecPort.Decoded;
import io.routstr.gateway.application.port.out.WalletJournalPort.Operation;
import io.routstr.gateway.application.port.out.WalletJournalPort.OperationKind;
import io.routstr.gateway.application.port.out.WalletJournalPort.OperationState;
import io.routstr.gateway.application.port.out.WalletProofStorePort.NewProof;
import io.routstr.gateway.application.port.out.WalletProofStorePort.OutgoingToken;
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

/**
 * Handing out tokens (change, refunds, payouts): proofs of the mint are claimed, swapped for exact amounts when they
 * do not add up to the token, and the token is stored as an outgoing record before anyone sees it.
 */
record Sending(WalletSteps steps, TokenCodecPort codec) {

    Sending {
        Objects.requireNonNull(codec, "codec");
    }

    SendOutcome send(MintUrl mint, CurrencyUnit unit, Msats amount, String reference) {
        Objects.requireNonNull(amount, "amount");
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
        UUID opId = UUID.randomUUID();
        Instant now = steps.clock().now();
        Checked<List<StoredProof>> claim = steps.openAndClaim(
                Operation.prepare(opId, OperationKind.SEND, mint, unit, Optional.empty(), Optional.empty(), now),
                ProofSelection.forSend(target, fees),
                "the wallet holds too little of this mint and unit");
        if (!(claim instanceof Checked.Value<List<StoredProof>>(List<StoredProof> claimed))) {
            return claim.refusal();
        }
        List<Proof> inputs = claimed.stream().map(StoredProof::proof).toList();
        long sum = Amounts.sum(inputs);
        if (sum == target) {
            List<NewProof> carried =
                    claimed.stream().map(p -> new NewProof(p.proof(), p.y())).toList();
            return handOut(opId, mint, unit, target, carried, reference, List.of(), List.of(), 0);
        }
        long inputFee = Amounts.inputFee(inputs, fees);
        long change = sum - target - inputFee;
        Call<MintKeyset> active = client.activeKeyset(unit);
        if (!(active instanceof Call.Ok<MintKeyset>(MintKeyset keyset))) {
            steps.release(opId, claimed);
            return WalletSteps.refusal(active);
        }
        List<Long> sendAmounts = Amounts.split(target, keyset.keys().keySet());
        List<Long> amounts = new ArrayList<>(sendAmounts);
        amounts.addAll(Amounts.split(change, keyset.keys().keySet()));
        Collections.sort(amounts);
        Answer answer = steps.swap(opId, OperationKind.SEND, client, keyset.id(), amounts, inputs, now);
        return switch (answer) {
            case Answer.Signed(List<NewProof> fresh) -> {
                List<NewProof> toSend = new ArrayList<>();
                List<NewProof> toKeep = new ArrayList<>();
                List<Long> wanted = new ArrayList<>(sendAmounts);
                for (NewProof proof : fresh) {
                    (wanted.remove(Long.valueOf(proof.proof().amount())) ? toSend : toKeep).add(proof);
                }
                yield handOut(opId, mint, unit, target, toSend, reference, toKeep, WalletOutputs.ys(claimed), inputFee);
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
     * Stores the outgoing token (and its proofs as spent) before anyone sees it, with the swap's change kept and its
     * inputs spent in the same transaction, then finishes the operation.
     */
    private SendOutcome handOut(
            UUID opId,
            MintUrl mint,
            CurrencyUnit unit,
            long amount,
            List<NewProof> carried,
            String reference,
            List<NewProof> kept,
            List<String> swappedInputs,
            long inputFee) {
        String token = codec.encode(
                EcashToken.of(mint, unit, carried.stream().map(NewProof::proof).toList()));
        Instant now = steps.clock().now();
        UUID tokenId = UUID.randomUUID();
        steps.proofs()
                .recordOutgoingAfterSwap(
                        new OutgoingToken(tokenId, opId, mint, unit, amount, token, reference, now),
                        carried,
                        kept,
                        swappedInputs,
                        now);
        steps.journal().finish(opId, OperationState.COMPLETED, amount, now);
        return new Sent(token, unit.toMsats(amount), amount, mint, unit, tokenId, inputFee);
    }
}
