package io.routstr.gateway.cashu.wallet;

import io.routstr.gateway.application.port.out.ClockPort;
import io.routstr.gateway.application.port.out.EcashWalletPort;
import io.routstr.gateway.application.port.out.WalletJournalPort;
import io.routstr.gateway.application.port.out.WalletJournalPort.Operation;
import io.routstr.gateway.application.port.out.WalletJournalPort.OperationKind;
import io.routstr.gateway.application.port.out.WalletJournalPort.OperationState;
import io.routstr.gateway.application.port.out.WalletJournalPort.OutputRange;
import io.routstr.gateway.application.port.out.WalletProofStorePort;
import io.routstr.gateway.application.port.out.WalletProofStorePort.IncomingClaim;
import io.routstr.gateway.application.port.out.WalletProofStorePort.NewProof;
import io.routstr.gateway.application.port.out.WalletProofStorePort.OutgoingToken;
import io.routstr.gateway.application.port.out.WalletProofStorePort.ProofSelector;
import io.routstr.gateway.application.port.out.WalletProofStorePort.ProofState;
import io.routstr.gateway.application.port.out.WalletProofStorePort.StoredProof;
import io.routstr.gateway.cashu.crypto.Bdhke;
import io.routstr.gateway.cashu.crypto.CurvePoint;
import io.routstr.gateway.cashu.crypto.DerivedSecret;
import io.routstr.gateway.cashu.crypto.DeterministicSecrets;
import io.routstr.gateway.cashu.crypto.Dleq;
import io.routstr.gateway.cashu.crypto.DleqVerdict;
import io.routstr.gateway.cashu.crypto.QuoteLock;
import io.routstr.gateway.cashu.crypto.Scalar;
import io.routstr.gateway.cashu.crypto.WalletSeed;
import io.routstr.gateway.cashu.lnurl.Bolt11Invoice;
import io.routstr.gateway.cashu.mint.MintApi.BlindSignature;
import io.routstr.gateway.cashu.mint.MintApi.BlindedMessage;
import io.routstr.gateway.cashu.mint.MintApi.KeysetInfo;
import io.routstr.gateway.cashu.mint.MintApi.MeltQuoteInfo;
import io.routstr.gateway.cashu.mint.MintApi.MintKeyset;
import io.routstr.gateway.cashu.mint.MintApi.MintQuoteInfo;
import io.routstr.gateway.cashu.mint.MintApi.ProofStateInfo;
import io.routstr.gateway.cashu.mint.MintApi.Restored;
import io.routstr.gateway.cashu.mint.MintCall;
import io.routstr.gateway.cashu.mint.MintClient;
import io.routstr.gateway.cashu.mint.MintClients;
import io.routstr.gateway.cashu.mint.MintError;
import io.routstr.gateway.cashu.mint.MintErrorKind;
import io.routstr.gateway.cashu.token.TokenCodec;
import io.routstr.gateway.cashu.token.TokenFormatException;
import io.routstr.gateway.domain.ecash.EcashToken;
import io.routstr.gateway.domain.ecash.KeysetId;
import io.routstr.gateway.domain.ecash.KeysetResolution;
import io.routstr.gateway.domain.ecash.Proof;
import io.routstr.gateway.domain.ecash.ProofDleq;
import io.routstr.gateway.domain.ecash.TokenFingerprint;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import io.routstr.gateway.domain.money.Msats;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's Cashu wallet: redeems, sends, melts and mints against trusted mints, with every ecash-moving call
 * journalled first so that a crash at any point is settled by {@link #recover()}.
 *
 * <p>Order of every swap, mint and melt: (1) open the operation; (2) claim the inputs as {@code PENDING}; (3) advance
 * the keyset counter and record the range (NUT-13), then derive the outputs; (4) call the mint; (5) store the new
 * proofs, mark the inputs {@code SPENT}, finish the operation. Each step is idempotent, so recovery can redo (5) from
 * restored outputs (NUT-09) and the inputs' state at the mint (NUT-07). Proof secrets, tokens and quote ids are never
 * logged.
 */
public final class CashuWallet implements EcashWalletPort {

    private static final Logger log = LoggerFactory.getLogger(CashuWallet.class);

    private final WalletSettings settings;
    private final MintClients mints;
    private final WalletProofStorePort proofs;
    private final WalletJournalPort journal;
    private final SeedVault vault;
    private final WalletSeed seed;
    private final Scalar quoteLockKey;
    private final ClockPort clock;
    private final WalletFaults faults;
    private final TokenCodec codec = new TokenCodec();

    public CashuWallet(
            WalletSettings settings,
            MintClients mints,
            WalletProofStorePort proofs,
            WalletJournalPort journal,
            SeedVault vault,
            ClockPort clock) {
        this(settings, mints, proofs, journal, vault, clock, WalletFaults.NONE);
    }

    CashuWallet(
            WalletSettings settings,
            MintClients mints,
            WalletProofStorePort proofs,
            WalletJournalPort journal,
            SeedVault vault,
            ClockPort clock,
            WalletFaults faults) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.mints = Objects.requireNonNull(mints, "mints");
        this.proofs = Objects.requireNonNull(proofs, "proofs");
        this.journal = Objects.requireNonNull(journal, "journal");
        this.vault = Objects.requireNonNull(vault, "vault");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.faults = Objects.requireNonNull(faults, "faults");
        this.seed = vault.seed();
        // One NUT-20 key for every quote of this node (counter 0): a node is one client to its mint anyway, and a
        // key derived from the seed survives a restore, so a paid quote can always be minted.
        this.quoteLockKey = QuoteLock.key(seed, 0);
    }

    // ------------------------------------------------------------------------------------------------ receive

    @Override
    public ReceiveOutcome receive(String tokenText) {
        Objects.requireNonNull(tokenText, "token");
        String fingerprint = TokenFingerprint.of(tokenText);
        try {
            return redeem(tokenText, fingerprint);
        } catch (Refused refused) {
            return refused.failure;
        }
    }

    private ReceiveOutcome redeem(String tokenText, String fingerprint) {
        EcashToken token;
        try {
            token = codec.decode(tokenText);
        } catch (TokenFormatException e) {
            FailureKind kind = e.reason() == TokenFormatException.Reason.ZERO_AMOUNT
                    ? FailureKind.ZERO_VALUE
                    : FailureKind.INVALID_TOKEN;
            return Failure.of(kind, e.getMessage());
        }
        MintUrl mint = token.mint();
        CurrencyUnit unit = token.unit();
        if (!settings.trusts(mint)) {
            return Failure.of(FailureKind.UNTRUSTED_MINT, "the token's mint is not trusted by this node");
        }
        if (!unit.isBitcoin()) {
            return Failure.of(FailureKind.UNSUPPORTED_UNIT, "this node accepts sat and msat tokens only");
        }
        MintClient client = mints.client(mint);
        List<Proof> inputs = verifiedInputs(client, token);
        Map<KeysetId, Long> fees = feeTable(client);
        long face = token.amount();
        long fee = Amounts.inputFee(inputs, fees);
        long net = face - fee;
        if (net <= 0) {
            return Failure.of(FailureKind.FEES_EXCEED_AMOUNT, "the mint's input fee (" + fee + ") eats the token");
        }
        MintKeyset target = ok(client.activeKeyset(unit));
        List<Long> amounts = Amounts.split(net, target.keys().keySet());

        UUID opId = UUID.randomUUID();
        Instant now = clock.now();
        journal.open(Operation.prepare(
                opId, OperationKind.RECEIVE, mint, unit, Optional.empty(), Optional.of(fingerprint), now));
        List<NewProof> incoming =
                inputs.stream().map(p -> new NewProof(p, y(p))).toList();
        if (proofs.claimIncoming(opId, mint, unit, incoming, now) instanceof IncomingClaim.Conflict conflict) {
            journal.finish(opId, OperationState.FAILED, 0, now);
            return duplicate(conflict);
        }
        List<Planned> outputs = plan(journal.reserveOutputs(opId, target.id(), amounts.size(), now), amounts);
        faults.at(WalletFaults.Step.BEFORE_MINT_CALL, OperationKind.RECEIVE);
        MintCall<List<BlindSignature>> swap =
                client.swap(inputs.stream().map(Proof::withoutDleq).toList(), blinded(outputs));
        return switch (swap) {
            case MintCall.Ok<List<BlindSignature>> signed -> {
                faults.at(WalletFaults.Step.BEFORE_COMMIT, OperationKind.RECEIVE);
                Optional<List<NewProof>> unblinded = unblindOrNothing(client, outputs, signed.value());
                if (unblinded.isEmpty()) {
                    yield unknown(opId, "the mint's signatures could not be checked");
                }
                List<NewProof> fresh = unblinded.get();
                Instant done = clock.now();
                proofs.addUnspent(mint, unit, fresh, done);
                proofs.markSpent(opId, ys(incoming), done);
                journal.finish(opId, OperationState.COMPLETED, net, done);
                yield new Credited(unit.toMsats(net), mint, unit, face, fee, fingerprint, opId);
            }
            case MintCall.Rejected<List<BlindSignature>> rejected -> {
                abandonReceive(opId);
                if (rejected.error().kind() == MintErrorKind.UNKNOWN_KEYSET
                        || rejected.error().kind() == MintErrorKind.INACTIVE_KEYSET) {
                    client.refreshKeysets();
                }
                yield receiveRefusal(rejected.error());
            }
            case MintCall.Unreachable<List<BlindSignature>> unreachable -> {
                abandonReceive(opId);
                yield Failure.of(FailureKind.MINT_UNREACHABLE, unreachable.reason());
            }
            case MintCall.OutcomeUnknown<List<BlindSignature>> unknown -> unknown(opId, unknown.reason());
        };
    }

    /** Resolves short keyset ids (NUT-00 V4), checks units and amounts, and verifies DLEQ proofs when present. */
    private List<Proof> verifiedInputs(MintClient client, EcashToken token) {
        List<KeysetId> known = ok(client.keysets()).stream().map(KeysetInfo::id).toList();
        boolean refreshed = false;
        List<Proof> resolved = new ArrayList<>();
        Set<String> secrets = new HashSet<>();
        for (Proof proof : token.proofs()) {
            if (!secrets.add(proof.secret())) {
                throw refuse(FailureKind.INVALID_TOKEN, "the token holds the same proof twice");
            }
            KeysetResolution resolution = proof.keysetId().resolveAmong(known);
            if (resolution instanceof KeysetResolution.Unknown && !refreshed) {
                known = ok(client.refreshKeysets()).stream().map(KeysetInfo::id).toList();
                refreshed = true;
                resolution = proof.keysetId().resolveAmong(known);
            }
            KeysetId id = switch (resolution) {
                case KeysetResolution.Resolved r -> r.keysetId();
                case KeysetResolution.Unknown u ->
                    throw refuse(FailureKind.INVALID_TOKEN, "a proof names a keyset the mint does not have");
                case KeysetResolution.Ambiguous a ->
                    throw refuse(FailureKind.INVALID_TOKEN, "a short keyset id matches several keysets");
            };
            MintKeyset keyset = ok(client.keyset(id));
            if (!keyset.unit().equals(token.unit())) {
                throw refuse(FailureKind.INVALID_TOKEN, "a proof's keyset is not of the token's unit");
            }
            CurvePoint key = keyset.key(proof.amount())
                    .orElseThrow(() -> refuse(FailureKind.INVALID_TOKEN, "a proof's amount is not in its keyset"));
            Proof withId = proof.withKeysetId(id);
            // NUT-12: a DLEQ proof that is present must verify; a missing one is not an error.
            if (Dleq.check(withId, key) == DleqVerdict.INVALID) {
                throw refuse(FailureKind.INVALID_SIGNATURE, "a proof's DLEQ proof does not verify");
            }
            resolved.add(withId);
        }
        return resolved;
    }

    private ReceiveOutcome duplicate(IncomingClaim.Conflict conflict) {
        Optional<Operation> holder = conflict.holder().flatMap(journal::find);
        if (holder.isPresent() && holder.get().kind() == OperationKind.RECEIVE) {
            Operation winner = holder.get();
            if (!winner.state().isFinal()) {
                return new RedemptionInProgress(winner.id());
            }
            if (winner.state() != OperationState.FAILED) {
                return new AlreadyRedeemed(
                        winner.fingerprint().orElse(""), winner.unit().toMsats(winner.settledAmount()), winner.id());
            }
        }
        return Failure.of(FailureKind.ALREADY_SPENT, "the token's proofs were already spent");
    }

    private void abandonReceive(UUID opId) {
        proofs.forgetIncoming(opId);
        journal.finish(opId, OperationState.FAILED, 0, clock.now());
    }

    private static Failure receiveRefusal(MintError error) {
        return switch (error.kind()) {
            case ALREADY_SPENT -> Failure.of(FailureKind.ALREADY_SPENT, "the token was already spent");
            case PROOFS_PENDING -> Failure.of(FailureKind.TOKEN_PENDING, "the token is being spent elsewhere");
            case VERIFICATION_FAILED, UNKNOWN_KEYSET, DUPLICATE_INPUTS, UNIT_MISMATCH ->
                Failure.of(FailureKind.INVALID_TOKEN, "the mint refused the token: " + error.kind());
            default -> mintRefusal(error);
        };
    }

    // ------------------------------------------------------------------------------------------------ send

    @Override
    public SendOutcome send(MintUrl mint, CurrencyUnit unit, Msats amount, String reference) {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(reference, "reference");
        try {
            return sendChecked(mint, unit, amount, reference);
        } catch (Refused refused) {
            return refused.failure;
        }
    }

    /**
     * Why {@code selector} could claim nothing: a real shortage, or only a temporary one when the proofs this wallet
     * holds of the mint, counting those other operations in flight hold as {@code PENDING} (or have locked while
     * claiming), would do; those operations return their change when they finish, so the caller may retry.
     */
    private Failure shortage(MintUrl mint, CurrencyUnit unit, ProofSelector selector, String detail) {
        List<StoredProof> held = new ArrayList<>(proofs.inState(mint, unit, ProofState.UNSPENT));
        held.addAll(proofs.inState(mint, unit, ProofState.PENDING));
        held.sort(Comparator.comparingLong(StoredProof::amount).reversed().thenComparing(StoredProof::y));
        return selector.select(held).isEmpty()
                ? Failure.of(FailureKind.INSUFFICIENT_FUNDS, detail)
                : Failure.of(FailureKind.FUNDS_IN_FLIGHT, "this mint's proofs are held by operations in flight");
    }

    private SendOutcome sendChecked(MintUrl mint, CurrencyUnit unit, Msats amount, String reference) {
        if (!unit.isBitcoin()) {
            return Failure.of(FailureKind.UNSUPPORTED_UNIT, "this node sends sat and msat tokens only");
        }
        long target = unit.fromMsatsFloor(amount);
        if (target <= 0) {
            return Failure.of(FailureKind.AMOUNT_TOO_SMALL, "less than one " + unit + " cannot be sent");
        }
        MintClient client = mints.client(mint);
        Map<KeysetId, Long> fees = feeTable(client);
        UUID opId = UUID.randomUUID();
        Instant now = clock.now();
        journal.open(Operation.prepare(opId, OperationKind.SEND, mint, unit, Optional.empty(), Optional.empty(), now));
        ProofSelector selector = ProofSelection.forSend(target, fees);
        List<StoredProof> claimed = proofs.claim(opId, mint, unit, selector, now);
        if (claimed.isEmpty()) {
            journal.finish(opId, OperationState.FAILED, 0, now);
            return shortage(mint, unit, selector, "the wallet holds too little of this mint and unit");
        }
        List<Proof> inputs = claimed.stream().map(StoredProof::proof).toList();
        long sum = Amounts.sum(inputs);
        if (sum == target) {
            List<NewProof> carried =
                    claimed.stream().map(p -> new NewProof(p.proof(), p.y())).toList();
            return handOut(opId, mint, unit, target, carried, reference);
        }
        long inputFee = Amounts.inputFee(inputs, fees);
        long change = sum - target - inputFee;
        MintKeyset keyset = okOrRelease(client.activeKeyset(unit), opId, claimed);
        List<Long> sendAmounts = Amounts.split(target, keyset.keys().keySet());
        List<Long> amounts = new ArrayList<>(sendAmounts);
        amounts.addAll(Amounts.split(change, keyset.keys().keySet()));
        Collections.sort(amounts);
        List<Planned> outputs = plan(journal.reserveOutputs(opId, keyset.id(), amounts.size(), now), amounts);
        faults.at(WalletFaults.Step.BEFORE_MINT_CALL, OperationKind.SEND);
        MintCall<List<BlindSignature>> swap = client.swap(withoutDleq(inputs), blinded(outputs));
        return switch (swap) {
            case MintCall.Ok<List<BlindSignature>> signed -> {
                faults.at(WalletFaults.Step.BEFORE_COMMIT, OperationKind.SEND);
                Optional<List<NewProof>> unblinded = unblindOrNothing(client, outputs, signed.value());
                if (unblinded.isEmpty()) {
                    yield unknown(opId, "the mint's signatures could not be checked");
                }
                List<NewProof> fresh = unblinded.get();
                List<NewProof> toSend = new ArrayList<>();
                List<NewProof> toKeep = new ArrayList<>();
                List<Long> wanted = new ArrayList<>(sendAmounts);
                for (NewProof proof : fresh) {
                    (wanted.remove(Long.valueOf(proof.proof().amount())) ? toSend : toKeep).add(proof);
                }
                proofs.addUnspent(mint, unit, toKeep, clock.now());
                yield handOut(opId, mint, unit, target, toSend, reference, ys(claimed), inputFee);
            }
            case MintCall.Rejected<List<BlindSignature>> rejected -> {
                failWithInputsSettled(client, opId, claimed);
                yield mintRefusal(rejected.error());
            }
            case MintCall.Unreachable<List<BlindSignature>> unreachable -> {
                release(opId, claimed);
                yield Failure.of(FailureKind.MINT_UNREACHABLE, unreachable.reason());
            }
            case MintCall.OutcomeUnknown<List<BlindSignature>> unknown -> unknown(opId, unknown.reason());
        };
    }

    private SendOutcome handOut(
            UUID opId, MintUrl mint, CurrencyUnit unit, long amount, List<NewProof> carried, String reference) {
        return handOut(opId, mint, unit, amount, carried, reference, List.of(), 0);
    }

    /** Stores the outgoing token (and its proofs as spent) before anyone sees it, then finishes the operation. */
    private SendOutcome handOut(
            UUID opId,
            MintUrl mint,
            CurrencyUnit unit,
            long amount,
            List<NewProof> carried,
            String reference,
            List<String> swappedInputs,
            long inputFee) {
        String token = codec.encode(
                EcashToken.of(mint, unit, carried.stream().map(NewProof::proof).toList()));
        Instant now = clock.now();
        UUID tokenId = UUID.randomUUID();
        proofs.recordOutgoing(
                new OutgoingToken(tokenId, opId, mint, unit, amount, token, reference, now), carried, now);
        proofs.markSpent(opId, swappedInputs, now);
        journal.finish(opId, OperationState.COMPLETED, amount, now);
        return new Sent(token, unit.toMsats(amount), amount, mint, unit, tokenId, inputFee);
    }

    // ------------------------------------------------------------------------------------------------ melt

    @Override
    public MeltOutcome melt(MintUrl mint, CurrencyUnit unit, String bolt11, Predicate<String> beforePaying) {
        Objects.requireNonNull(bolt11, "invoice");
        Objects.requireNonNull(beforePaying, "before paying");
        try {
            return meltChecked(mint, unit, bolt11, beforePaying);
        } catch (Refused refused) {
            return refused.failure;
        }
    }

    private MeltOutcome meltChecked(MintUrl mint, CurrencyUnit unit, String bolt11, Predicate<String> beforePaying) {
        MintClient client = mints.client(mint);
        MeltQuoteInfo quote = ok(client.createMeltQuote(bolt11, unit));
        if (!beforePaying.test(quote.quote())) {
            return Failure.of(FailureKind.PAYMENT_FAILED, "the payment was called off before anything was paid");
        }
        Map<KeysetId, Long> fees = feeTable(client);
        long needed = Math.addExact(quote.amount(), quote.feeReserve());
        UUID opId = UUID.randomUUID();
        Instant now = clock.now();
        journal.open(Operation.prepare(
                opId, OperationKind.MELT, mint, unit, Optional.of(quote.quote()), Optional.empty(), now));
        ProofSelector selector = ProofSelection.covering(needed, fees);
        List<StoredProof> claimed = proofs.claim(opId, mint, unit, selector, now);
        if (claimed.isEmpty()) {
            journal.finish(opId, OperationState.FAILED, 0, now);
            return shortage(mint, unit, selector, "the wallet holds too little to pay this invoice");
        }
        List<Proof> inputs = claimed.stream().map(StoredProof::proof).toList();
        long sum = Amounts.sum(inputs);
        long overpaid = sum - Amounts.inputFee(inputs, fees) - quote.amount();
        int blanks = Amounts.blankOutputs(overpaid);
        List<Planned> outputs = List.of();
        if (blanks > 0) {
            MintKeyset keyset = okOrRelease(client.activeKeyset(unit), opId, claimed);
            // NUT-08: blank outputs carry a placeholder amount; the mint decides the change amounts.
            outputs = plan(journal.reserveOutputs(opId, keyset.id(), blanks, now), Collections.nCopies(blanks, 1L));
        } else {
            journal.markInFlight(opId, now);
        }
        faults.at(WalletFaults.Step.BEFORE_MINT_CALL, OperationKind.MELT);
        MintCall<MeltQuoteInfo> melt = client.melt(quote.quote(), withoutDleq(inputs), blinded(outputs));
        return switch (melt) {
            case MintCall.Ok<MeltQuoteInfo> answered -> meltAnswered(client, opId, claimed, outputs, answered.value());
            case MintCall.Rejected<MeltQuoteInfo> rejected -> {
                if (rejected.error().kind() == MintErrorKind.QUOTE_PENDING) {
                    yield new MeltPending(quote.quote(), opId);
                }
                failWithInputsSettled(client, opId, claimed);
                yield rejected.error().kind() == MintErrorKind.LIGHTNING_PAYMENT_FAILED
                        ? Failure.of(FailureKind.PAYMENT_FAILED, "the Lightning payment failed")
                        : mintRefusal(rejected.error());
            }
            case MintCall.Unreachable<MeltQuoteInfo> unreachable -> {
                release(opId, claimed);
                yield Failure.of(FailureKind.MINT_UNREACHABLE, unreachable.reason());
            }
            case MintCall.OutcomeUnknown<MeltQuoteInfo> unknown -> unknown(opId, unknown.reason());
        };
    }

    private MeltOutcome meltAnswered(
            MintClient client, UUID opId, List<StoredProof> claimed, List<Planned> blanks, MeltQuoteInfo answer) {
        switch (answer.state()) {
            case "PAID" -> {
                faults.at(WalletFaults.Step.BEFORE_COMMIT, OperationKind.MELT);
                List<NewProof> change;
                try {
                    change = unblindChange(client, blanks, answer.change());
                } catch (Refused | IllegalStateException unusable) {
                    return unknown(opId, "the mint's change could not be checked");
                }
                long changeSum =
                        Amounts.sum(change.stream().map(NewProof::proof).toList());
                long paid = Amounts.sum(claimed.stream().map(StoredProof::proof).toList()) - changeSum;
                Instant now = clock.now();
                StoredProof any = claimed.getFirst();
                proofs.addUnspent(any.mint(), any.unit(), change, now);
                proofs.markSpent(opId, ys(claimed), now);
                journal.finish(opId, OperationState.COMPLETED, paid, now);
                return new Melted(
                        answer.quote(), answer.amount(), paid - answer.amount(), changeSum, answer.preimage());
            }
            case "PENDING" -> {
                return new MeltPending(answer.quote(), opId);
            }
            default -> {
                failWithInputsSettled(client, opId, claimed);
                return Failure.of(FailureKind.PAYMENT_FAILED, "the mint did not pay the invoice");
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ mint

    @Override
    public MintQuoteOutcome createMintQuote(MintUrl mint, CurrencyUnit unit, long amount) {
        if (amount <= 0) {
            throw new IllegalArgumentException("a mint quote is for a positive amount");
        }
        if (!settings.trusts(mint)) {
            return Failure.of(FailureKind.UNTRUSTED_MINT, "the mint is not trusted by this node");
        }
        MintClient client = mints.client(mint);
        // NUT-20: where the mint supports it, the quote is locked to the node's key, so its id alone mints nothing.
        Optional<CurvePoint> lock =
                client.supportsQuoteLocks() ? Optional.of(quoteLockKey.publicKey()) : Optional.empty();
        return quoteOutcome(client.createMintQuote(amount, unit, lock));
    }

    @Override
    public MintQuoteOutcome checkMintQuote(MintUrl mint, String quoteId) {
        return quoteOutcome(mints.client(mint).mintQuote(quoteId));
    }

    private static MintQuoteOutcome quoteOutcome(MintCall<MintQuoteInfo> call) {
        return switch (call) {
            case MintCall.Ok<MintQuoteInfo> ok -> {
                MintQuoteInfo q = ok.value();
                QuoteState state = switch (q.state()) {
                    case "PAID" -> QuoteState.PAID;
                    case "ISSUED" -> QuoteState.ISSUED;
                    case "PENDING" -> QuoteState.PENDING;
                    default -> QuoteState.UNPAID;
                };
                yield new MintQuote(
                        q.quote(), q.request(), Bolt11Invoice.paymentHash(q.request()), q.amount(), q.unit(), state);
            }
            case MintCall.Rejected<MintQuoteInfo> r -> mintRefusal(r.error());
            case MintCall.Unreachable<MintQuoteInfo> u -> Failure.of(FailureKind.MINT_UNREACHABLE, u.reason());
            case MintCall.OutcomeUnknown<MintQuoteInfo> u -> Failure.of(FailureKind.MINT_UNREACHABLE, u.reason());
        };
    }

    @Override
    public MintOutcome mintFromQuote(MintUrl mint, CurrencyUnit unit, String quoteId, long amount) {
        Objects.requireNonNull(quoteId, "quote id");
        if (amount <= 0) {
            throw new IllegalArgumentException("minting is for a positive amount");
        }
        try {
            return mintChecked(mint, unit, quoteId, amount, false);
        } catch (Refused refused) {
            return refused.failure;
        }
    }

    private MintOutcome mintChecked(
            MintUrl mint, CurrencyUnit unit, String quoteId, long amount, boolean v1QuoteSignature) {
        // Minting is idempotent per quote: a quote this wallet minted before (a caller that crashed before crediting
        // asks again) is answered from the journal; one still in flight waits for recovery instead of a second issue.
        for (Operation earlier : journal.findMintsOfQuote(mint, quoteId)) {
            if ((earlier.state() == OperationState.COMPLETED || earlier.state() == OperationState.RECOVERED)
                    && earlier.settledAmount() > 0) {
                return new Minted(unit.toMsats(earlier.settledAmount()), earlier.settledAmount(), earlier.id());
            }
            if (!earlier.state().isFinal()) {
                return new Failure(
                        FailureKind.OUTCOME_UNKNOWN,
                        "an earlier mint of this quote is being recovered",
                        Optional.of(earlier.id()));
            }
        }
        MintClient client = mints.client(mint);
        MintKeyset keyset = ok(client.activeKeyset(unit));
        List<Long> amounts = Amounts.split(amount, keyset.keys().keySet());
        UUID opId = UUID.randomUUID();
        Instant now = clock.now();
        journal.open(
                Operation.prepare(opId, OperationKind.MINT, mint, unit, Optional.of(quoteId), Optional.empty(), now));
        List<Planned> outputs = plan(journal.reserveOutputs(opId, keyset.id(), amounts.size(), now), amounts);
        faults.at(WalletFaults.Step.BEFORE_MINT_CALL, OperationKind.MINT);
        List<BlindedMessage> request = blinded(outputs);
        Optional<String> signature = Optional.empty();
        if (client.supportsQuoteLocks()) {
            // NUT-20: the message cashu-ts and deployed mints use; a mint that refuses it gets the NUT's newer v1
            // message on a second attempt with fresh outputs (a refused mint request issued nothing).
            signature = Optional.of(
                    v1QuoteSignature
                            ? QuoteLock.signV1(
                                    quoteLockKey,
                                    quoteId,
                                    request.stream()
                                            .map(b -> new QuoteLock.Output(b.amount(), b.blinded()))
                                            .toList())
                            : QuoteLock.sign(
                                    quoteLockKey,
                                    quoteId,
                                    request.stream()
                                            .map(BlindedMessage::blinded)
                                            .toList()));
        }
        return switch (client.mint(quoteId, request, signature)) {
            case MintCall.Ok<List<BlindSignature>> signed -> {
                faults.at(WalletFaults.Step.BEFORE_COMMIT, OperationKind.MINT);
                Optional<List<NewProof>> unblinded = unblindOrNothing(client, outputs, signed.value());
                if (unblinded.isEmpty()) {
                    yield unknown(opId, "the mint's signatures could not be checked");
                }
                List<NewProof> fresh = unblinded.get();
                Instant done = clock.now();
                proofs.addUnspent(mint, unit, fresh, done);
                journal.finish(opId, OperationState.COMPLETED, amount, done);
                yield new Minted(unit.toMsats(amount), amount, opId);
            }
            case MintCall.Rejected<List<BlindSignature>> rejected -> {
                journal.finish(opId, OperationState.FAILED, 0, clock.now());
                if (rejected.error().kind() == MintErrorKind.QUOTE_SIGNATURE_INVALID
                        && signature.isPresent()
                        && !v1QuoteSignature) {
                    yield mintChecked(mint, unit, quoteId, amount, true);
                }
                yield switch (rejected.error().kind()) {
                    case QUOTE_NOT_PAID, QUOTE_PENDING ->
                        Failure.of(FailureKind.QUOTE_NOT_PAID, "the invoice is not paid yet");
                    case QUOTE_ALREADY_ISSUED ->
                        Failure.of(FailureKind.QUOTE_ALREADY_ISSUED, "the quote was already minted");
                    case QUOTE_EXPIRED -> Failure.of(FailureKind.QUOTE_EXPIRED, "the quote expired");
                    default -> mintRefusal(rejected.error());
                };
            }
            case MintCall.Unreachable<List<BlindSignature>> unreachable -> {
                journal.finish(opId, OperationState.FAILED, 0, clock.now());
                yield Failure.of(FailureKind.MINT_UNREACHABLE, unreachable.reason());
            }
            case MintCall.OutcomeUnknown<List<BlindSignature>> unknown -> unknown(opId, unknown.reason());
        };
    }

    // ------------------------------------------------------------------------------------------------ look-ups

    @Override
    public ReceiveStatus receiveStatus(String fingerprint) {
        List<Operation> receives = journal.findReceivesOf(fingerprint);
        for (Operation op : receives) {
            if ((op.state() == OperationState.COMPLETED || op.state() == OperationState.RECOVERED)
                    && op.settledAmount() > 0) {
                return new ReceiveStatus.Received(op.unit().toMsats(op.settledAmount()), op.mint(), op.unit());
            }
        }
        return receives.stream().anyMatch(op -> !op.state().isFinal())
                ? new ReceiveStatus.Unfinished()
                : new ReceiveStatus.NotReceived();
    }

    @Override
    public Optional<Sent> findSent(String reference) {
        return proofs.findOutgoingByReference(reference)
                .map(t -> new Sent(t.token(), t.unit().toMsats(t.amount()), t.amount(), t.mint(), t.unit(), t.id()));
    }

    @Override
    public Optional<QuoteState> meltQuoteState(MintUrl mint, String quoteId) {
        if (!(mints.client(mint).meltQuote(quoteId) instanceof MintCall.Ok<MeltQuoteInfo> quote)) {
            return Optional.empty();
        }
        return Optional.of(
                switch (quote.value().state()) {
                    case "PAID" -> QuoteState.PAID;
                    case "PENDING" -> QuoteState.PENDING;
                    default -> QuoteState.UNPAID;
                });
    }

    @Override
    public Optional<TokenProofsState> tokenState(String tokenText) {
        EcashToken token;
        try {
            token = codec.decode(tokenText);
        } catch (TokenFormatException e) {
            return Optional.empty();
        }
        List<String> ys = token.proofs().stream().map(CashuWallet::y).toList();
        if (!(mints.client(token.mint()).checkState(ys) instanceof MintCall.Ok<List<ProofStateInfo>> states)) {
            return Optional.empty();
        }
        // NUT-07: a proof PENDING at the mint is being spent, so the token can no longer be handed back as it is.
        boolean allUnspent = states.value().stream().allMatch(s -> s.state().equals("UNSPENT"));
        return Optional.of(allUnspent ? TokenProofsState.UNSPENT : TokenProofsState.SPENT);
    }

    // ------------------------------------------------------------------------------------------------ views

    @Override
    public List<ProofBalance> balances() {
        return proofs.holdings().stream()
                .map(h -> new ProofBalance(h.mint(), h.unit(), h.unspent(), h.pending()))
                .toList();
    }

    @Override
    public String exportMnemonic() {
        return vault.mnemonic();
    }

    // ------------------------------------------------------------------------------------------------ recovery

    @Override
    public RecoveryReport recover() {
        Instant now = clock.now();
        List<Operation> stale = journal.claimStale(now.minus(settings.recoveryGrace()), now, settings.recoveryBatch());
        List<RecoveredReceive> receives = new ArrayList<>();
        long restored = 0;
        for (Operation op : stale) {
            try {
                restored += recoverOne(op, receives);
            } catch (RuntimeException e) {
                // Left unfinished: the next run retries it once its lease has passed.
                log.warn("recovery of wallet operation {} ({}) failed: {}", op.id(), op.kind(), e.toString());
            }
        }
        return new RecoveryReport(stale.size(), receives, restored);
    }

    /** Settles one interrupted operation if the mint lets it; returns the number of proofs restored. */
    private long recoverOne(Operation op, List<RecoveredReceive> receives) {
        MintClient client = mints.client(op.mint());
        if (op.kind() == OperationKind.MELT && op.quoteId().isPresent()) {
            MintCall<MeltQuoteInfo> quote = client.meltQuote(op.quoteId().get());
            if (!(quote instanceof MintCall.Ok<MeltQuoteInfo> q)
                    || q.value().state().equals("PENDING")) {
                return 0; // still paying (or the mint is away): its proofs stay locked
            }
        }
        List<NewProof> restored = List.of();
        if (op.outputs().isPresent()) {
            OutputRange range = op.outputs().get();
            List<Planned> planned = plan(range, Collections.nCopies(range.count(), 1L));
            if (!(client.restore(blinded(planned)) instanceof MintCall.Ok<Restored> answer)) {
                return 0;
            }
            restored = unblindRestored(client, planned, answer.value());
            proofs.addUnspent(op.mint(), op.unit(), restored, clock.now());
        }
        long restoredSum = Amounts.sum(restored.stream().map(NewProof::proof).toList());
        List<StoredProof> pending = proofs.byOperation(op.id()).stream()
                .filter(p -> p.state() == ProofState.PENDING)
                .toList();
        if (!pending.isEmpty() && !settleInputs(client, op.id(), pending)) {
            return restored.size();
        }
        // Spent proofs under the operation: inputs the mint consumed, or proofs of a token it already handed out.
        long spentSum = proofs.byOperation(op.id()).stream()
                .filter(p -> p.state() == ProofState.SPENT)
                .mapToLong(StoredProof::amount)
                .sum();
        boolean tookEffect = restoredSum > 0 || spentSum > 0;
        long settled = switch (op.kind()) {
            case RECEIVE, MINT -> restoredSum;
            case MELT -> Math.max(0, spentSum - restoredSum);
            case SEND -> 0;
        };
        Instant now = clock.now();
        if (journal.finish(op.id(), tookEffect ? OperationState.RECOVERED : OperationState.FAILED, settled, now)
                && tookEffect
                && op.kind() == OperationKind.RECEIVE) {
            receives.add(new RecoveredReceive(
                    op.id(), op.fingerprint().orElse(""), op.unit().toMsats(restoredSum)));
        }
        log.info(
                "recovered wallet operation {} ({}): {} proofs restored, {}",
                op.id(),
                op.kind(),
                restored.size(),
                tookEffect ? "it took effect at the mint" : "it never reached the mint");
        return restored.size();
    }

    /**
     * Moves an operation's pending inputs by their NUT-07 state: spent ones to {@code SPENT}, unspent own ones back to
     * {@code UNSPENT}, unspent client ones dropped. Returns false (and leaves the rest pending) if the mint cannot say
     * or some input is still pending there.
     */
    private boolean settleInputs(MintClient client, UUID opId, List<StoredProof> inputs) {
        MintCall<List<ProofStateInfo>> states = client.checkState(ys(inputs));
        if (!(states instanceof MintCall.Ok<List<ProofStateInfo>> ok)) {
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
    private void failWithInputsSettled(MintClient client, UUID opId, List<StoredProof> inputs) {
        if (settleInputs(client, opId, inputs)) {
            journal.finish(opId, OperationState.FAILED, 0, clock.now());
        }
    }

    private void release(UUID opId, List<StoredProof> claimed) {
        Instant now = clock.now();
        proofs.release(opId, ys(claimed), now);
        journal.finish(opId, OperationState.FAILED, 0, now);
    }

    private Failure unknown(UUID opId, String reason) {
        log.warn("wallet operation {} has an unknown outcome ({}); recovery will settle it", opId, reason);
        return new Failure(
                FailureKind.OUTCOME_UNKNOWN,
                "the mint may have processed the request; the wallet will settle it",
                Optional.of(opId));
    }

    // ------------------------------------------------------------------------------------------------ outputs

    /** An output derived from the seed: its NUT-13 secret and {@code r}, amount and {@code B_}. */
    private record Planned(long amount, KeysetId keysetId, DerivedSecret secret, CurvePoint blinded) {}

    private List<Planned> plan(OutputRange range, List<Long> amounts) {
        if (amounts.size() != range.count()) {
            throw new IllegalArgumentException("one counter per output");
        }
        List<Planned> planned = new ArrayList<>(amounts.size());
        for (int i = 0; i < amounts.size(); i++) {
            DerivedSecret secret = DeterministicSecrets.derive(seed, range.keysetId(), range.first() + i);
            planned.add(new Planned(amounts.get(i), range.keysetId(), secret, secret.blindedMessage()));
        }
        return planned;
    }

    private static List<BlindedMessage> blinded(List<Planned> planned) {
        return planned.stream()
                .map(p -> new BlindedMessage(p.amount(), p.keysetId(), p.blinded()))
                .toList();
    }

    /** Unblinds the mint's signatures on our outputs, checking amounts, keysets and (NUT-12) DLEQ proofs. */
    private List<NewProof> unblind(MintClient client, List<Planned> outputs, List<BlindSignature> signatures) {
        if (signatures.size() != outputs.size()) {
            throw new IllegalStateException(
                    "the mint signed " + signatures.size() + " of " + outputs.size() + " outputs");
        }
        List<NewProof> fresh = new ArrayList<>();
        for (int i = 0; i < outputs.size(); i++) {
            Planned output = outputs.get(i);
            BlindSignature signature = signatures.get(i);
            if (signature.amount() != output.amount() || !signature.keysetId().equals(output.keysetId())) {
                throw new IllegalStateException("the mint signed another amount or keyset than asked");
            }
            fresh.add(toProof(client, output, signature));
        }
        return fresh;
    }

    private Optional<List<NewProof>> unblindOrNothing(
            MintClient client, List<Planned> outputs, List<BlindSignature> signatures) {
        try {
            return Optional.of(unblind(client, outputs, signatures));
        } catch (Refused | IllegalStateException unusable) {
            // The mint acted but its answer cannot be used now: recovery restores the outputs later (NUT-09).
            log.warn("unusable mint answer: {}", unusable.getMessage());
            return Optional.empty();
        }
    }

    /** NUT-08: change signatures come in the order of the blank outputs, with the amounts the mint chose. */
    private List<NewProof> unblindChange(MintClient client, List<Planned> blanks, List<BlindSignature> change) {
        if (change.size() > blanks.size()) {
            throw new IllegalStateException("the mint returned more change than blank outputs");
        }
        List<NewProof> fresh = new ArrayList<>();
        for (int i = 0; i < change.size(); i++) {
            fresh.add(toProof(client, blanks.get(i), change.get(i)));
        }
        return fresh;
    }

    private List<NewProof> unblindRestored(MintClient client, List<Planned> planned, Restored restored) {
        Map<String, Planned> byBlinded = new HashMap<>();
        planned.forEach(p -> byBlinded.put(p.blinded().toHex(), p));
        List<NewProof> fresh = new ArrayList<>();
        for (int i = 0; i < restored.outputs().size(); i++) {
            Planned output = byBlinded.get(restored.outputs().get(i).blinded().toHex());
            if (output != null) {
                fresh.add(toProof(client, output, restored.signatures().get(i)));
            }
        }
        fresh.sort(Comparator.comparingLong(p -> p.proof().amount()));
        return fresh;
    }

    private NewProof toProof(MintClient client, Planned output, BlindSignature signature) {
        MintKeyset keyset = ok(client.keyset(signature.keysetId()));
        CurvePoint key = keyset.key(signature.amount())
                .orElseThrow(() -> new IllegalStateException("the mint signed an amount its keyset lacks"));
        if (signature.dleq().isPresent()
                && !Dleq.verify(
                        key,
                        output.blinded(),
                        signature.signature(),
                        signature.dleq().get())) {
            // NUT-12: a wallet must verify the DLEQ proof it is given; an invalid one means an unusable signature.
            throw new IllegalStateException("the mint's DLEQ proof does not verify");
        }
        CurvePoint c = Bdhke.unblind(signature.signature(), output.secret().r(), key);
        Proof proof = Proof.of(
                signature.amount(), signature.keysetId(), output.secret().secret(), c.toHex());
        if (signature.dleq().isPresent()) {
            // Kept with r so tokens this node hands out let their receivers check the mint offline (NUT-12).
            proof = proof.withDleq(new ProofDleq(
                    hex32(signature.dleq().get().e()),
                    hex32(signature.dleq().get().s()),
                    output.secret().r().toHex()));
        }
        return new NewProof(proof, y(proof));
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private Map<KeysetId, Long> feeTable(MintClient client) {
        Map<KeysetId, Long> fees = new HashMap<>();
        ok(client.keysets()).forEach(k -> fees.put(k.id(), k.inputFeePpk()));
        return fees;
    }

    private <T> T okOrRelease(MintCall<T> call, UUID opId, List<StoredProof> claimed) {
        try {
            return ok(call);
        } catch (Refused refused) {
            release(opId, claimed);
            throw refused;
        }
    }

    private static <T> T ok(MintCall<T> call) {
        return switch (call) {
            case MintCall.Ok<T> ok -> ok.value();
            case MintCall.Rejected<T> r -> throw new Refused(mintRefusal(r.error()));
            case MintCall.Unreachable<T> u -> throw refuse(FailureKind.MINT_UNREACHABLE, u.reason());
            case MintCall.OutcomeUnknown<T> u -> throw refuse(FailureKind.MINT_UNREACHABLE, u.reason());
        };
    }

    private static Failure mintRefusal(MintError error) {
        return switch (error.kind()) {
            case RATE_LIMITED -> Failure.of(FailureKind.MINT_RATE_LIMITED, "the mint is rate limiting this node");
            case MALFORMED_RESPONSE -> Failure.of(FailureKind.MINT_UNREACHABLE, error.detail());
            case ALREADY_SPENT -> Failure.of(FailureKind.ALREADY_SPENT, "proofs already spent");
            case PROOFS_PENDING -> Failure.of(FailureKind.TOKEN_PENDING, "proofs pending at the mint");
            default ->
                Failure.of(FailureKind.MINT_REJECTED, "the mint refused: " + error.kind() + " (" + error.code() + ")");
        };
    }

    private static Refused refuse(FailureKind kind, String detail) {
        return new Refused(Failure.of(kind, detail));
    }

    private static List<Proof> withoutDleq(List<Proof> inputs) {
        return inputs.stream().map(Proof::withoutDleq).toList();
    }

    private static String y(Proof proof) {
        return Bdhke.hashSecret(proof.secret()).toHex();
    }

    private static List<String> ys(List<?> items) {
        return items.stream()
                .map(item -> item instanceof StoredProof s ? s.y() : ((NewProof) item).y())
                .toList();
    }

    private static String hex32(BigInteger value) {
        String hex = value.toString(16);
        return "0".repeat(Math.max(0, 64 - hex.length())) + hex;
    }

    /** Internal short-cut from a deep check to the caller's outcome; never leaves this class. */
    private static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Failure failure;

        Refused(Failure failure) {
            super(failure.detail(), null, false, false);
            this.failure = failure;
        }
    }
}
