package io.routstr.gateway.application.service.wallet;

import io.routstr.gateway.application.port.out.MintPort.Call;
import io.routstr.gateway.application.port.out.MintPort.KeysetInfo;
import io.routstr.gateway.application.port.out.MintPort.MintKeyset;
import io.routstr.gateway.application.port.out.MintPort.Refusal;
import io.routstr.gateway.application.port.out.MintPort.RefusalKind;
import io.routstr.gateway.application.port.out.TokenCodecPort;
import io.routstr.gateway.application.port.out.TokenCodecPort.Decoded;
import io.routstr.gateway.application.port.out.WalletCryptoPort.DleqVerdict;
import io.routstr.gateway.application.port.out.WalletCryptoPort.Output;
import io.routstr.gateway.application.port.out.WalletJournalPort.Operation;
import io.routstr.gateway.application.port.out.WalletJournalPort.OperationKind;
import io.routstr.gateway.application.port.out.WalletJournalPort.OperationState;
import io.routstr.gateway.application.port.out.WalletJournalPort.OutputRange;
import io.routstr.gateway.application.port.out.WalletProofStorePort.IncomingClaim;
import io.routstr.gateway.application.port.out.WalletProofStorePort.NewProof;
import io.routstr.gateway.application.service.wallet.EcashWallet.AlreadyRedeemed;
import io.routstr.gateway.application.service.wallet.EcashWallet.Credited;
import io.routstr.gateway.application.service.wallet.EcashWallet.Failure;
import io.routstr.gateway.application.service.wallet.EcashWallet.FailureKind;
import io.routstr.gateway.application.service.wallet.EcashWallet.ReceiveOutcome;
import io.routstr.gateway.application.service.wallet.EcashWallet.ReceiveStatus;
import io.routstr.gateway.application.service.wallet.EcashWallet.RedemptionInProgress;
import io.routstr.gateway.application.service.wallet.WalletSteps.Answer;
import io.routstr.gateway.domain.ecash.EcashToken;
import io.routstr.gateway.domain.ecash.KeysetId;
import io.routstr.gateway.domain.ecash.KeysetResolution;
import io.routstr.gateway.domain.ecash.Proof;
import io.routstr.gateway.domain.ecash.TokenFingerprint;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Redeeming client tokens: the token is decoded and checked (trusted mint, a Bitcoin unit, known keysets, DLEQ
 * proofs where given), its proofs claimed as incoming under a journalled operation so that a second presentation is
 * told apart from the first, and swapped at its mint for fresh proofs of this wallet.
 */
final class Redemption {

    private final WalletSteps steps;
    private final TokenCodecPort codec;
    private final ForeignMintSwap foreign;

    Redemption(WalletSteps steps, TokenCodecPort codec, QuoteMinting minting, ForeignMints foreignMints) {
        this.steps = Objects.requireNonNull(steps, "steps");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.foreign = new ForeignMintSwap(steps, minting, foreignMints, this::verifiedInputs);
    }

    /** Redeems {@code tokenText}; for a token credited now, {@code inSameCommit} runs in the commit after the swap. */
    ReceiveOutcome receive(String tokenText, Consumer<Credited> inSameCommit) {
        Objects.requireNonNull(tokenText, "token");
        TokenFingerprint fingerprint = TokenFingerprint.of(tokenText);
        EcashToken token;
        switch (codec.decode(tokenText)) {
            case Decoded.Token(EcashToken decoded) -> token = decoded;
            case Decoded.Malformed(String reason, boolean zeroValue) -> {
                return Failure.of(zeroValue ? FailureKind.ZERO_VALUE : FailureKind.INVALID_TOKEN, reason);
            }
        }
        MintUrl mint = token.mint();
        CurrencyUnit unit = token.unit();
        if (!steps.settings().trusts(mint)) {
            return foreign.receive(token, fingerprint);
        }
        if (!unit.isBitcoin()) {
            return Failure.of(FailureKind.UNSUPPORTED_UNIT, "this node accepts sat and msat tokens only");
        }
        MintAt client = steps.mint(mint);
        Checked<List<Proof>> verified = verifiedInputs(client, token);
        if (!(verified instanceof Checked.Value<List<Proof>>(List<Proof> inputs))) {
            return verified.refusal();
        }
        Checked<Map<KeysetId, Long>> feeTable = steps.feeTable(client);
        if (!(feeTable instanceof Checked.Value<Map<KeysetId, Long>>(Map<KeysetId, Long> fees))) {
            return feeTable.refusal();
        }
        long face = token.amount();
        long fee = Amounts.inputFee(inputs, fees);
        long net = face - fee;
        if (net <= 0) {
            return Failure.of(FailureKind.FEES_EXCEED_AMOUNT, "the mint's input fee (" + fee + ") eats the token");
        }
        Call<MintKeyset> active = client.activeKeyset(unit);
        if (!(active instanceof Call.Ok<MintKeyset>(MintKeyset target))) {
            return WalletSteps.refusal(active);
        }
        List<Long> amounts = steps.keptAmounts(net, target, fees);

        UUID opId = UUID.randomUUID();
        Instant now = steps.clock().now();
        Operation operation = Operation.prepare(
                opId, OperationKind.RECEIVE, mint, unit, Optional.empty(), Optional.of(fingerprint), now);
        List<NewProof> incoming =
                inputs.stream().map(p -> new NewProof(p, steps.outputs().y(p))).toList();
        // Write-ahead, one commit: the operation with its outputs' counters (known before the claim, so one step), and
        // the client's proofs claimed under it.
        Opened opened = steps.inOneTransaction(
                () -> {
                    OutputRange outputs = steps.journal().openWithOutputs(operation, target.id(), amounts.size());
                    if (steps.proofs().claimIncoming(opId, mint, unit, incoming, now)
                            instanceof IncomingClaim.Conflict conflict) {
                        return new Opened(Optional.of(conflict), Optional.empty());
                    }
                    return new Opened(Optional.empty(), Optional.of(outputs));
                },
                claimed -> claimed.conflict().isEmpty());
        if (opened.conflict().isPresent()) {
            // Rolled back with the claim; a store without transactions kept the operation, which fails here.
            steps.journal().finish(opId, OperationState.FAILED, 0, now);
            return duplicate(opened.conflict().get());
        }
        List<Output> planned = steps.outputs().plan(opened.outputs().orElseThrow(), amounts);
        Answer answer = steps.swap(opId, OperationKind.RECEIVE, client, planned, inputs);
        return switch (answer) {
            case Answer.Signed(List<NewProof> fresh) -> {
                Instant done = steps.clock().now();
                Credited credited = new Credited(unit.toMsats(net), mint, unit, face, fee, fingerprint, opId);
                // One commit after the mint's answer: the fresh proofs, the client's spent, the operation done and
                // what the caller records for the credit (a new key and its deposit), which needs no commit apart.
                try {
                    steps.inOneTransaction(() -> {
                        settle(opId, mint, unit, fresh, incoming, net, done);
                        inSameCommit.accept(credited);
                    });
                } catch (RuntimeException callerFailed) {
                    // Rolled back with the caller's record: the wallet records the swap on its own, as when the two
                    // had a commit each, so that the token is redeemed once and the caller's retry is credited it.
                    steps.inOneTransaction(() -> settle(opId, mint, unit, fresh, incoming, net, done));
                    throw callerFailed;
                }
                yield credited;
            }
            case Answer.MintRefused(Refusal error) -> {
                abandon(opId);
                if (error.kind() == RefusalKind.UNKNOWN_KEYSET || error.kind() == RefusalKind.INACTIVE_KEYSET) {
                    client.refreshKeysets();
                }
                yield refusal(error);
            }
            case Answer.Unreachable(String reason) -> {
                abandon(opId);
                yield Failure.of(FailureKind.MINT_UNREACHABLE, reason);
            }
            case Answer.Unknown(Failure unknown) -> unknown;
        };
    }

    /** The swap's fresh proofs stored, the client's proofs spent and the operation completed. */
    private void settle(
            UUID opId,
            MintUrl mint,
            CurrencyUnit unit,
            List<NewProof> fresh,
            List<NewProof> incoming,
            long net,
            Instant done) {
        steps.proofs().settleSwap(opId, mint, unit, fresh, WalletOutputs.ys(incoming), done);
        steps.journal().finish(opId, OperationState.COMPLETED, net, done);
    }

    /** What the write-ahead transaction of a redemption left: a conflict on the client's proofs, or its outputs. */
    private record Opened(Optional<IncomingClaim.Conflict> conflict, Optional<OutputRange> outputs) {}

    /**
     * What became of this wallet's redemptions of the token with {@code fingerprint}: the ecash it holds from
     * one that completed (also one finished by recovery), one still unfinished, or none.
     */
    ReceiveStatus status(TokenFingerprint fingerprint) {
        List<Operation> receives = steps.journal().findReceivesOf(fingerprint);
        for (Operation op : receives) {
            if ((op.state() == OperationState.COMPLETED || op.state() == OperationState.RECOVERED)
                    && op.settledAmount() > 0) {
                return new ReceiveStatus.Received(op.unit().toMsats(op.settledAmount()), op.mint(), op.unit());
            }
        }
        if (receives.stream().anyMatch(op -> !op.state().isFinal())) {
            return new ReceiveStatus.Unfinished();
        }
        return foreign.status(fingerprint);
    }

    /** Finishes or fails foreign-mint swaps a crash interrupted; how many reached a final state. */
    int reconcileSwaps() {
        return foreign.reconcile();
    }

    /** Resolves short keyset ids (NUT-00 V4), checks units and amounts, and verifies DLEQ proofs when present. */
    Checked<List<Proof>> verifiedInputs(MintAt client, EcashToken token) {
        Call<List<KeysetInfo>> listed = client.keysets();
        if (!(listed instanceof Call.Ok<List<KeysetInfo>>(List<KeysetInfo> infos))) {
            return Checked.refused(WalletSteps.refusal(listed));
        }
        List<KeysetId> known = infos.stream().map(KeysetInfo::id).toList();
        boolean refreshed = false;
        List<Proof> resolved = new ArrayList<>();
        Set<String> secrets = new HashSet<>();
        for (Proof proof : token.proofs()) {
            if (!secrets.add(proof.secret())) {
                return Checked.refused(FailureKind.INVALID_TOKEN, "the token holds the same proof twice");
            }
            KeysetResolution resolution = proof.keysetId().resolveAmong(known);
            if (resolution instanceof KeysetResolution.Unknown && !refreshed) {
                Call<List<KeysetInfo>> again = client.refreshKeysets();
                if (!(again instanceof Call.Ok<List<KeysetInfo>>(List<KeysetInfo> fresh))) {
                    return Checked.refused(WalletSteps.refusal(again));
                }
                known = fresh.stream().map(KeysetInfo::id).toList();
                refreshed = true;
                resolution = proof.keysetId().resolveAmong(known);
            }
            KeysetId id;
            switch (resolution) {
                case KeysetResolution.Resolved r -> id = r.keysetId();
                case KeysetResolution.Unknown u -> {
                    return Checked.refused(FailureKind.INVALID_TOKEN, "a proof names a keyset the mint does not have");
                }
                case KeysetResolution.Ambiguous a -> {
                    return Checked.refused(FailureKind.INVALID_TOKEN, "a short keyset id matches several keysets");
                }
            }
            Call<MintKeyset> fetched = client.keyset(id);
            if (!(fetched instanceof Call.Ok<MintKeyset>(MintKeyset keyset))) {
                return Checked.refused(WalletSteps.refusal(fetched));
            }
            if (!keyset.unit().equals(token.unit())) {
                return Checked.refused(FailureKind.INVALID_TOKEN, "a proof's keyset is not of the token's unit");
            }
            Optional<String> key = keyset.key(proof.amount());
            if (key.isEmpty()) {
                return Checked.refused(FailureKind.INVALID_TOKEN, "a proof's amount is not in its keyset");
            }
            Proof withId = proof.withKeysetId(id);
            // NUT-12: a DLEQ proof that is present must verify; a missing one is not an error.
            if (steps.outputs().checkDleq(withId, key.get()) == DleqVerdict.INVALID) {
                return Checked.refused(FailureKind.INVALID_SIGNATURE, "a proof's DLEQ proof does not verify");
            }
            resolved.add(withId);
        }
        return new Checked.Value<>(resolved);
    }

    private ReceiveOutcome duplicate(IncomingClaim.Conflict conflict) {
        Optional<Operation> holder = conflict.holder().flatMap(steps.journal()::find);
        if (holder.isPresent() && holder.get().kind() == OperationKind.RECEIVE) {
            Operation winner = holder.get();
            if (!winner.state().isFinal()) {
                return new RedemptionInProgress(winner.id());
            }
            if (winner.state() != OperationState.FAILED) {
                return new AlreadyRedeemed(
                        winner.fingerprint(), winner.unit().toMsats(winner.settledAmount()), winner.id());
            }
        }
        return Failure.of(FailureKind.ALREADY_SPENT, "the token's proofs were already spent");
    }

    private void abandon(UUID opId) {
        steps.proofs().forgetIncoming(opId);
        steps.journal().finish(opId, OperationState.FAILED, 0, steps.clock().now());
    }

    private static Failure refusal(Refusal error) {
        return switch (error.kind()) {
            case ALREADY_SPENT -> Failure.of(FailureKind.ALREADY_SPENT, "the token was already spent");
            case PROOFS_PENDING -> Failure.of(FailureKind.TOKEN_PENDING, "the token is being spent elsewhere");
            case VERIFICATION_FAILED, UNKNOWN_KEYSET, DUPLICATE_INPUTS, UNIT_MISMATCH ->
                Failure.of(FailureKind.INVALID_TOKEN, "the mint refused the token: " + error.kind());
            default -> WalletSteps.mintRefusal(error);
        };
    }
}
