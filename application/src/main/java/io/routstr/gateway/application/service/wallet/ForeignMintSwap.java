package io.routstr.gateway.application.service.wallet;

import io.routstr.gateway.application.port.out.MintPort.Call;
import io.routstr.gateway.application.port.out.MintPort.MeltQuoteInfo;
import io.routstr.gateway.application.port.out.MintPort.RefusalKind;
import io.routstr.gateway.application.port.out.SwapJournalPort;
import io.routstr.gateway.application.port.out.SwapJournalPort.Swap;
import io.routstr.gateway.application.port.out.SwapJournalPort.SwapState;
import io.routstr.gateway.application.service.wallet.EcashWallet.AlreadyRedeemed;
import io.routstr.gateway.application.service.wallet.EcashWallet.Credited;
import io.routstr.gateway.application.service.wallet.EcashWallet.Failure;
import io.routstr.gateway.application.service.wallet.EcashWallet.FailureKind;
import io.routstr.gateway.application.service.wallet.EcashWallet.MintQuote;
import io.routstr.gateway.application.service.wallet.EcashWallet.MintQuoteOutcome;
import io.routstr.gateway.application.service.wallet.EcashWallet.Minted;
import io.routstr.gateway.application.service.wallet.EcashWallet.QuoteState;
import io.routstr.gateway.application.service.wallet.EcashWallet.ReceiveOutcome;
import io.routstr.gateway.application.service.wallet.EcashWallet.ReceiveStatus;
import io.routstr.gateway.application.service.wallet.EcashWallet.RedemptionInProgress;
import io.routstr.gateway.application.service.wallet.ForeignMints.Policy;
import io.routstr.gateway.domain.ecash.EcashToken;
import io.routstr.gateway.domain.ecash.KeysetId;
import io.routstr.gateway.domain.ecash.Proof;
import io.routstr.gateway.domain.ecash.QuoteId;
import io.routstr.gateway.domain.ecash.TokenFingerprint;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Swapping a token of a mint the node does not trust into the primary mint over Lightning ({@code
 * FOREIGN_MINT_POLICY=swap}): the primary mint is asked for an invoice of what the token is worth after the foreign
 * mint's input fee and Lightning fee reserve, the token's proofs are melted at the foreign mint to pay it, and the
 * paid quote is minted into the wallet. The token is credited with what was minted, never more.
 *
 * <p>Every step is written to the swap journal before it is taken, so that {@link #reconcile()} can finish or fail a
 * swap a crash interrupted: a swap is failed only while its melt cannot have taken the token (the token stays the
 * client's), and finished by minting the primary mint's quote once it is paid. A request waits for its swap at most
 * the time budget; the swap then goes on in the background and the token is credited when the client presents it again
 * or the deposit reconciler finds it done.
 */
final class ForeignMintSwap {

    private static final Logger log = LoggerFactory.getLogger(ForeignMintSwap.class);
    private static final long POLL_MILLIS = 200;

    private final WalletSteps steps;
    private final QuoteMinting minting;
    private final ForeignMints foreign;
    private final BiFunction<MintAt, EcashToken, Checked<List<Proof>>> verify;

    ForeignMintSwap(
            WalletSteps steps,
            QuoteMinting minting,
            ForeignMints foreign,
            BiFunction<MintAt, EcashToken, Checked<List<Proof>>> verify) {
        this.steps = steps;
        this.minting = minting;
        this.foreign = foreign;
        this.verify = verify;
    }

    /** Redeems {@code token} of an untrusted mint by the policy: refused, or swapped into the primary mint. */
    ReceiveOutcome receive(EcashToken token, TokenFingerprint fingerprint) {
        if (foreign.policy() == Policy.REJECT) {
            return Failure.of(FailureKind.UNTRUSTED_MINT, "the token's mint is not trusted by this node");
        }
        SwapJournalPort swaps = foreign.journal();
        Optional<Swap> earlier = swaps.findByFingerprint(fingerprint);
        if (earlier.isPresent() && earlier.get().state() != SwapState.FAILED) {
            return presentedAgain(earlier.get());
        }
        MintUrl from = token.mint();
        CurrencyUnit unit = token.unit();
        if (!unit.equals(steps.settings().primaryUnit())) {
            return Failure.of(
                    FailureKind.UNSUPPORTED_UNIT, "a foreign token is swapped in the primary mint's unit only");
        }
        if (token.amount() > foreign.maxAmount()) {
            return Failure.of(FailureKind.UNTRUSTED_MINT, "the token is above the largest foreign amount swapped");
        }
        Optional<String> refused = foreign.guard().refusal(from);
        if (refused.isPresent()) {
            return Failure.of(FailureKind.UNTRUSTED_MINT, "the foreign mint may not be called: " + refused.get());
        }
        MintAt client = steps.mint(from);
        Checked<List<Proof>> verified = verify.apply(client, token);
        if (!(verified instanceof Checked.Value<List<Proof>>(List<Proof> inputs))) {
            return verified.refusal();
        }
        Checked<Map<KeysetId, Long>> feeTable = steps.feeTable(client);
        if (!(feeTable instanceof Checked.Value<Map<KeysetId, Long>>(Map<KeysetId, Long> fees))) {
            return feeTable.refusal();
        }
        long net = token.amount() - Amounts.inputFee(inputs, fees);
        if (net <= 0) {
            return Failure.of(FailureKind.FEES_EXCEED_AMOUNT, "the foreign mint's input fee eats the token");
        }
        Swap swap = Swap.start(
                UUID.randomUUID(),
                fingerprint,
                from,
                steps.settings().primaryMint(),
                unit,
                token.amount(),
                steps.clock().now());
        if (!swaps.open(swap)) {
            Optional<Swap> racing = swaps.findByFingerprint(fingerprint);
            if (racing.isPresent() && racing.get().state() != SwapState.FAILED) {
                return presentedAgain(racing.get());
            }
            return Failure.of(FailureKind.MINT_RATE_LIMITED, "another swap from this mint is in progress");
        }
        CompletableFuture<ReceiveOutcome> running =
                CompletableFuture.supplyAsync(() -> run(swap, client, inputs, net), foreign.background());
        try {
            return running.get(foreign.timeBudget().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException slow) {
            log.info("foreign-mint swap {} outlasted the time budget; it goes on in the background", swap.id());
            return new RedemptionInProgress(swap.id());
        } catch (ExecutionException broken) {
            log.warn(
                    "foreign-mint swap {} broke; reconciliation settles it: {}",
                    swap.id(),
                    broken.getCause().toString());
            return new RedemptionInProgress(swap.id());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return new RedemptionInProgress(swap.id());
        }
    }

    /** What became of the swap of the token with {@code fingerprint}. */
    ReceiveStatus status(TokenFingerprint fingerprint) {
        if (foreign.journal() == null) {
            return new ReceiveStatus.NotReceived();
        }
        return foreign.journal()
                .findByFingerprint(fingerprint)
                .<ReceiveStatus>map(swap -> switch (swap.state()) {
                    case DONE ->
                        new ReceiveStatus.Received(
                                swap.unit().toMsats(swap.mintAmount()), swap.primaryMint(), swap.unit());
                    case FAILED -> new ReceiveStatus.NotReceived();
                    default -> new ReceiveStatus.Unfinished();
                })
                .orElseGet(ReceiveStatus.NotReceived::new);
    }

    /**
     * Finishes or fails the unfinished swaps older than the wallet's recovery grace (longer than any live swap's mint
     * calls, so a swap still running on some instance is never taken over). Returns how many reached a final state.
     */
    int reconcile() {
        if (foreign.journal() == null) {
            return 0;
        }
        Instant now = steps.clock().now();
        int settled = 0;
        for (Swap swap : foreign.journal()
                .claimStale(
                        now.minus(steps.settings().recoveryGrace()),
                        now,
                        steps.settings().recoveryBatch())) {
            try {
                if (resume(swap)) {
                    settled++;
                }
            } catch (RuntimeException e) {
                log.warn("foreign-mint swap {} could not be reconciled now: {}", swap.id(), e.toString());
            }
        }
        return settled;
    }

    private boolean resume(Swap swap) {
        switch (swap.state()) {
            case STARTED -> {
                // Nothing is melted before MELT_STARTED is written: the token was never offered to its mint.
                return fail(swap, SwapState.STARTED, "interrupted before its melt");
            }
            case MELT_STARTED -> {
                QuoteId mintQuote = swap.mintQuoteId().orElseThrow();
                if (minting.checkQuote(swap.primaryMint(), mintQuote) instanceof MintQuote q
                        && (q.state() == QuoteState.PAID || q.state() == QuoteState.ISSUED)) {
                    return mintPaid(swap) instanceof Credited;
                }
                Optional<String> refused = foreign.guard().refusal(swap.foreignMint());
                if (refused.isPresent()) {
                    log.warn("foreign-mint swap {} left unfinished: its mint may not be called now", swap.id());
                    return false;
                }
                Call<MeltQuoteInfo> melt = steps.mint(swap.foreignMint())
                        .meltQuote(swap.meltQuoteId().orElseThrow());
                if (!(melt instanceof Call.Ok<MeltQuoteInfo>(MeltQuoteInfo quote))) {
                    return false;
                }
                return switch (quote.state()) {
                    case "PAID" -> mintPaid(swap) instanceof Credited;
                    case "PENDING" -> false;
                    // NUT-05: an unpaid melt quote holds no proofs, so the token is still the client's to spend.
                    default -> fail(swap, SwapState.MELT_STARTED, "its melt did not pay; the token was not taken");
                };
            }
            case MINT_STARTED -> {
                return mintStarted(swap) instanceof Credited;
            }
            default -> {
                return false;
            }
        }
    }

    private ReceiveOutcome run(Swap started, MintAt client, List<Proof> inputs, long net) {
        Checked<Swap> quoted = quote(started, client, net);
        if (!(quoted instanceof Checked.Value<Swap>(Swap withQuotes))) {
            fail(started, SwapState.STARTED, "no quotes");
            return quoted.refusal();
        }
        Swap swap = withQuotes;
        if (!foreign.journal()
                .advance(
                        swap,
                        SwapState.STARTED,
                        SwapState.MELT_STARTED,
                        steps.clock().now())) {
            return new RedemptionInProgress(swap.id());
        }
        swap = swap.in(SwapState.MELT_STARTED);
        Call<MeltQuoteInfo> melt =
                client.melt(swap.meltQuoteId().orElseThrow(), WalletOutputs.withoutDleq(inputs), List.of());
        return switch (melt) {
            case Call.Ok<MeltQuoteInfo>(MeltQuoteInfo answer) ->
                switch (answer.state()) {
                    case "PAID" -> mintPaid(swap);
                    case "PENDING" -> new RedemptionInProgress(swap.id());
                    default -> {
                        fail(swap, SwapState.MELT_STARTED, "the foreign mint did not pay");
                        yield Failure.of(FailureKind.UNTRUSTED_MINT, "the foreign mint did not pay the invoice");
                    }
                };
            case Call.Rejected<MeltQuoteInfo> rejected -> {
                RefusalKind kind = rejected.refusal().kind();
                if (kind == RefusalKind.QUOTE_PENDING || kind == RefusalKind.PROOFS_PENDING) {
                    yield new RedemptionInProgress(swap.id());
                }
                // A refused melt took nothing: the proofs are as they were before it.
                fail(swap, SwapState.MELT_STARTED, "the foreign mint refused the melt: " + kind);
                yield switch (kind) {
                    case ALREADY_SPENT -> Failure.of(FailureKind.ALREADY_SPENT, "the token was already spent");
                    case UNBALANCED -> Failure.of(FailureKind.FEES_EXCEED_AMOUNT, "the melt needs more than the token");
                    case VERIFICATION_FAILED, UNKNOWN_KEYSET, DUPLICATE_INPUTS, UNIT_MISMATCH ->
                        Failure.of(FailureKind.INVALID_TOKEN, "the mint refused the token: " + kind);
                    default -> Failure.of(FailureKind.UNTRUSTED_MINT, "the foreign mint refused the melt: " + kind);
                };
            }
            case Call.Unreachable<MeltQuoteInfo> unreachable -> {
                fail(swap, SwapState.MELT_STARTED, "the foreign mint was unreachable");
                yield Failure.of(FailureKind.MINT_UNREACHABLE, unreachable.reason());
            }
            // The melt may have been taken: reconciliation asks the foreign mint later.
            case Call.OutcomeUnknown<MeltQuoteInfo> unknown -> new RedemptionInProgress(swap.id());
        };
    }

    /**
     * The quotes of a swap: the foreign mint's fee reserve is learnt from a melt quote for an invoice of the whole net
     * value, then the primary mint is asked for an invoice of what is left after it; when that invoice's own melt
     * quote asks more, once more with that reserve.
     */
    private Checked<Swap> quote(Swap swap, MintAt client, long net) {
        long amount = net;
        for (int attempt = 0; attempt < 3; attempt++) {
            MintQuoteOutcome invoice = minting.createQuote(swap.primaryMint(), swap.unit(), amount);
            if (!(invoice instanceof MintQuote mintQuote)) {
                return Checked.refused((Failure) invoice);
            }
            Call<MeltQuoteInfo> melt = client.createMeltQuote(mintQuote.request(), swap.unit());
            if (!(melt instanceof Call.Ok<MeltQuoteInfo>(MeltQuoteInfo meltQuote))) {
                return Checked.refused(WalletSteps.refusal(melt));
            }
            if (Math.addExact(meltQuote.amount(), meltQuote.feeReserve()) <= net) {
                return new Checked.Value<>(swap.quoted(mintQuote.quoteId(), meltQuote.quote(), amount));
            }
            amount = net - meltQuote.feeReserve();
            if (amount <= 0) {
                return Checked.refused(FailureKind.FEES_EXCEED_AMOUNT, "the Lightning fee reserve eats the token");
            }
        }
        return Checked.refused(FailureKind.FEES_EXCEED_AMOUNT, "the foreign mint's fee reserve keeps growing");
    }

    /** The melt paid: once the primary mint sees its quote paid, mint it. */
    private ReceiveOutcome mintPaid(Swap swap) {
        Instant deadline = steps.clock().now().plus(foreign.paymentWait());
        while (true) {
            MintQuoteOutcome quote =
                    minting.checkQuote(swap.primaryMint(), swap.mintQuoteId().orElseThrow());
            if (quote instanceof MintQuote q && (q.state() == QuoteState.PAID || q.state() == QuoteState.ISSUED)) {
                break;
            }
            if (!steps.clock().now().isBefore(deadline)) {
                log.info("foreign-mint swap {}: the primary mint has not seen its invoice paid yet", swap.id());
                return new RedemptionInProgress(swap.id());
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return new RedemptionInProgress(swap.id());
            }
        }
        Instant now = steps.clock().now();
        SwapJournalPort swaps = foreign.journal();
        // A reconciler that judged the melt unpaid may have failed the swap meanwhile; the primary mint's paid quote
        // says otherwise, so the swap goes on from there.
        if (!swaps.advance(swap, swap.state(), SwapState.MINT_STARTED, now)
                && !swaps.advance(swap, SwapState.FAILED, SwapState.MINT_STARTED, now)) {
            return new RedemptionInProgress(swap.id());
        }
        return mintStarted(swap.in(SwapState.MINT_STARTED));
    }

    private ReceiveOutcome mintStarted(Swap swap) {
        // Minting is idempotent per quote (the wallet's journal answers a quote it minted before).
        return switch (minting.mint(
                swap.primaryMint(), swap.unit(), swap.mintQuoteId().orElseThrow(), swap.mintAmount())) {
            case Minted minted -> {
                foreign.journal()
                        .advance(
                                swap,
                                SwapState.MINT_STARTED,
                                SwapState.DONE,
                                steps.clock().now());
                log.info(
                        "foreign-mint swap {} done: {} of {} {} minted at the primary mint",
                        swap.id(),
                        swap.mintAmount(),
                        swap.faceAmount(),
                        swap.unit());
                yield new Credited(
                        swap.unit().toMsats(swap.mintAmount()),
                        swap.primaryMint(),
                        swap.unit(),
                        swap.faceAmount(),
                        swap.faceAmount() - swap.mintAmount(),
                        swap.fingerprint(),
                        swap.id());
            }
            case Failure failure -> {
                log.warn("foreign-mint swap {}: minting its paid quote failed for now ({})", swap.id(), failure.kind());
                yield new RedemptionInProgress(swap.id());
            }
        };
    }

    private boolean fail(Swap swap, SwapState from, String why) {
        boolean failed = foreign.journal()
                .advance(swap, from, SwapState.FAILED, steps.clock().now());
        if (failed) {
            log.info("foreign-mint swap {} failed, the token was not taken: {}", swap.id(), why);
        }
        return failed;
    }

    private ReceiveOutcome presentedAgain(Swap swap) {
        if (swap.state() == SwapState.DONE) {
            return new AlreadyRedeemed(
                    Optional.of(swap.fingerprint()), swap.unit().toMsats(swap.mintAmount()), swap.id());
        }
        return new RedemptionInProgress(swap.id());
    }
}
