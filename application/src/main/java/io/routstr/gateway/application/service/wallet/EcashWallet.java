package io.routstr.gateway.application.service.wallet;

import io.routstr.gateway.domain.Components;
import io.routstr.gateway.domain.ecash.QuoteId;
import io.routstr.gateway.domain.ecash.TokenFingerprint;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import io.routstr.gateway.domain.money.Msats;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The node's Cashu wallet as the payment flows use it: redeem client tokens, hand out tokens, pay Lightning
 * invoices, mint from Lightning top-ups, and show what the wallet holds. Implemented by {@link CashuWallet} over the mint, crypto and
 * store ports; an application seam, not an output port.
 *
 * <p>Every business result is a value; {@link Failure#kind()} tells terminal refusals from retryable ones.
 */
public interface EcashWallet {

    /**
     * Redeems a serialised token ({@code cashuA…}/{@code cashuB…}): checks it, swaps its proofs at its (trusted) mint
     * into fresh proofs of this wallet, and reports what was credited net of the mint's input fees (NUT-02).
     */
    ReceiveOutcome receive(String token);

    /**
     * As {@link #receive(String)}, and for a token credited now {@code inSameCommit} runs inside the commit that
     * records the swap (the fresh proofs stored, the operation completed), so that the caller's own record of the
     * credit shares it. Not run for a token redeemed before or swapped in from a foreign mint. When it throws, the
     * wallet's record is committed on its own and the exception is thrown on, as when the two had a commit each.
     */
    default ReceiveOutcome receive(String token, Consumer<Credited> inSameCommit) {
        return receive(token);
    }

    /**
     * Produces a token worth {@code amount} from proofs of {@code mint} and {@code unit} (a sat unit carries whole sats
     * only: the sub-sat remainder is not sent). The token is stored as an outgoing record before it is returned.
     */
    SendOutcome send(MintUrl mint, CurrencyUnit unit, Msats amount, String reference);

    /**
     * As {@link #send(MintUrl, CurrencyUnit, Msats, String)}, and {@code inSameCommit} runs inside the commit that stores
     * the token as handed out, so that the caller's own record of the payout shares it. A wallet that cannot does not
     * run it (the caller records on its own then). When it throws, nothing of a send without a swap is kept (its
     * claim is rolled back too); after a swap the wallet's record is committed on its own; either way the exception is
     * thrown on.
     */
    default SendOutcome send(
            MintUrl mint, CurrencyUnit unit, Msats amount, String reference, Consumer<Sent> inSameCommit) {
        return send(mint, unit, amount, reference);
    }

    /** Pays a bolt11 invoice with proofs of {@code mint}/{@code unit}; unused fee reserve comes back as change. */
    default MeltOutcome melt(MintUrl mint, CurrencyUnit unit, String bolt11) {
        return melt(mint, unit, bolt11, quoteId -> true);
    }

    /**
     * Pays a bolt11 invoice like {@link #melt(MintUrl, CurrencyUnit, String)}, first handing the melt quote's id to
     * {@code beforePaying}: a caller stores it there, so that a payment whose answer is lost can be looked up later;
     * when it answers false, nothing is paid ({@link FailureKind#PAYMENT_FAILED}).
     */
    MeltOutcome melt(MintUrl mint, CurrencyUnit unit, String bolt11, Predicate<QuoteId> beforePaying);

    /**
     * What became of this wallet's redemptions of the token with {@code fingerprint}: the ecash it holds from one that
     * completed (also one finished by {@link #recover()}), one still unfinished, or none.
     */
    ReceiveStatus receiveStatus(TokenFingerprint fingerprint);

    /** The token {@link #send} stored under {@code reference}, if it stored one. */
    Optional<Sent> findSent(String reference);

    /** The NUT-05 state of melt quote {@code quoteId} at {@code mint}; empty when the mint cannot say now. */
    Optional<QuoteState> meltQuoteState(MintUrl mint, QuoteId quoteId);

    /**
     * The NUT-07 state of a token's proofs at its mint: SPENT when any proof is spent or pending, UNSPENT when all are
     * unspent; empty when the mint cannot say or the token cannot be read.
     */
    Optional<TokenProofsState> tokenState(String token);

    /** Asks {@code mint} for a Lightning invoice of {@code amount} (in {@code unit}) to top up the wallet (NUT-04). */
    MintQuoteOutcome createMintQuote(MintUrl mint, CurrencyUnit unit, long amount);

    /** The current state of a mint quote. */
    MintQuoteOutcome checkMintQuote(MintUrl mint, QuoteId quoteId);

    /** Mints the ecash of a paid quote into this wallet. */
    MintOutcome mintFromQuote(MintUrl mint, CurrencyUnit unit, QuoteId quoteId, long amount);

    /** Proofs held per mint and unit. Customer liabilities and owner funds come from the accounts ledger. */
    List<ProofBalance> balances();

    /**
     * Settles every interrupted operation older than the configured grace: re-derives its outputs and restores them
     * (NUT-09), and moves its pending proofs by their state at the mint (NUT-07).
     */
    RecoveryReport recover();

    /**
     * Swaps the smallest unspent proofs of each trusted mint and unit that holds more than {@code above} of them, up to
     * {@code batch} at a time, for a few proofs of the same sum (on keysets without an input fee, so it costs nothing).
     */
    ConsolidationReport consolidate(int above, int batch);

    /** The wallet seed as a BIP39 mnemonic, for the operator's backup; never log it. */
    String exportMnemonic();

    /** What a redemption gave. */
    sealed interface ReceiveOutcome permits Credited, AlreadyRedeemed, RedemptionInProgress, Failure {}

    /** What a send gave. */
    sealed interface SendOutcome permits Sent, Failure {}

    /** What a Lightning payment gave. */
    sealed interface MeltOutcome permits Melted, MeltPending, Failure {}

    /** A mint quote or why there is none. */
    sealed interface MintQuoteOutcome permits MintQuote, Failure {}

    /** What minting a paid quote gave. */
    sealed interface MintOutcome permits Minted, Failure {}

    /**
     * The token was swapped into this wallet: {@code credited} is its face value less the input fee, in msats.
     * {@code fingerprint} names the token, a stable reference for crediting it once.
     */
    record Credited(
            Msats credited,
            MintUrl mint,
            CurrencyUnit unit,
            long faceAmount,
            long inputFee,
            TokenFingerprint fingerprint,
            UUID operationId)
            implements ReceiveOutcome {
        public Credited {
            Components.requireNonNull(Credited.class, credited, mint, unit, fingerprint, operationId);
            if (faceAmount <= 0 || inputFee < 0 || inputFee >= faceAmount) {
                throw new IllegalArgumentException("a credit is a positive face value less a smaller fee");
            }
        }
    }

    /**
     * These proofs were already redeemed by this node (a duplicate or concurrent presentation): nothing new is credited.
     * {@code originalFingerprint} and {@code credited} describe the redemption that won, so a caller can check that it
     * was credited (a ledger keyed by fingerprint credits it at most once); the fingerprint is empty when the winning
     * operation did not record one.
     */
    record AlreadyRedeemed(Optional<TokenFingerprint> originalFingerprint, Msats credited, UUID operationId)
            implements ReceiveOutcome {
        public AlreadyRedeemed {
            Objects.requireNonNull(originalFingerprint, "original fingerprint");
            Objects.requireNonNull(credited, "credited");
            Objects.requireNonNull(operationId, "operation id");
        }
    }

    /** Another redemption of these proofs is still in flight; ask again later (nothing was credited by this call). */
    record RedemptionInProgress(UUID operationId) implements ReceiveOutcome {
        public RedemptionInProgress {
            Objects.requireNonNull(operationId, "operation id");
        }
    }

    /**
     * A token handed out: {@code token} is bearer money, never log it. {@code inputFee} (in the unit) is what the mint
     * kept for the swap that cut the token from larger proofs, on top of the token's amount; 0 when no swap was needed.
     */
    record Sent(
            String token, Msats amount, long unitAmount, MintUrl mint, CurrencyUnit unit, UUID tokenId, long inputFee)
            implements SendOutcome {
        public Sent {
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(amount, "amount");
            Objects.requireNonNull(tokenId, "token id");
            if (inputFee < 0) {
                throw new IllegalArgumentException("an input fee is not negative");
            }
        }

        /** A token handed out without a swap, so without a fee. */
        public Sent(String token, Msats amount, long unitAmount, MintUrl mint, CurrencyUnit unit, UUID tokenId) {
            this(token, amount, unitAmount, mint, unit, tokenId, 0);
        }

        @Override
        public String toString() {
            return "Sent[amount=" + amount + ", mint=" + mint + ", unit=" + unit + ", tokenId=" + tokenId + "]";
        }
    }

    /** The invoice is paid; {@code feePaid} is what the payment cost beyond the invoice (in the unit). */
    record Melted(QuoteId quoteId, long amount, long feePaid, long change, Optional<String> preimage)
            implements MeltOutcome {
        public Melted {
            Objects.requireNonNull(quoteId, "quote id");
            Objects.requireNonNull(preimage, "preimage");
        }
    }

    /** The mint has not settled the payment yet; the proofs stay locked until recovery sees it settle. */
    record MeltPending(QuoteId quoteId, UUID operationId) implements MeltOutcome {}

    /**
     * A NUT-04 mint quote. The quote id is a bearer secret until minted: keep it out of logs and away from clients.
     * {@code paymentHash} is the BOLT11 request's payment hash (hex), empty when the request carries none.
     */
    record MintQuote(
            QuoteId quoteId,
            String request,
            Optional<String> paymentHash,
            long amount,
            CurrencyUnit unit,
            QuoteState state)
            implements MintQuoteOutcome {}

    /** NUT-04/05 quote states. */
    enum QuoteState {
        UNPAID,
        PENDING,
        PAID,
        ISSUED
    }

    /** What a look-up of a token's redemption found. */
    sealed interface ReceiveStatus {
        /** The wallet holds the token's ecash: {@code credited} msats net of fees, at {@code mint} in {@code unit}. */
        record Received(Msats credited, MintUrl mint, CurrencyUnit unit) implements ReceiveStatus {}

        /** A redemption is unfinished; recovery settles it. */
        record Unfinished() implements ReceiveStatus {}

        /** No redemption of the token took effect. */
        record NotReceived() implements ReceiveStatus {}
    }

    /** Whether a token's proofs can still be spent. */
    enum TokenProofsState {
        UNSPENT,
        SPENT
    }

    /** Ecash minted into the wallet. */
    record Minted(Msats amount, long unitAmount, UUID operationId) implements MintOutcome {}

    /** Proofs held for one mint and unit, in that unit; {@code pending} are locked by an operation in flight. */
    record ProofBalance(MintUrl mint, CurrencyUnit unit, long unspent, long pending) {
        public long held() {
            return Math.addExact(unspent, pending);
        }
    }

    /** What a recovery run settled. */
    record RecoveryReport(int operations, List<RecoveredReceive> receives, long restoredProofs) {
        public RecoveryReport {
            receives = List.copyOf(receives);
        }
    }

    /** What a consolidation run did: swaps at the mints, and the proofs they took and gave. */
    record ConsolidationReport(int swaps, int proofsIn, int proofsOut) {
        public static final ConsolidationReport NONE = new ConsolidationReport(0, 0, 0);

        ConsolidationReport plus(ConsolidationReport other) {
            return new ConsolidationReport(swaps + other.swaps, proofsIn + other.proofsIn, proofsOut + other.proofsOut);
        }
    }

    /**
     * A redemption that was interrupted and completed by recovery: the wallet holds the ecash, and the token's
     * fingerprint (empty if the operation recorded none) can now be credited.
     */
    record RecoveredReceive(UUID operationId, Optional<TokenFingerprint> fingerprint, Msats credited) {}

    /** Why a wallet operation did not happen (or may not have). */
    record Failure(FailureKind kind, String detail, Optional<UUID> operationId)
            implements ReceiveOutcome, SendOutcome, MeltOutcome, MintQuoteOutcome, MintOutcome {
        public Failure {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(detail, "detail");
            Objects.requireNonNull(operationId, "operation id");
        }

        public static Failure of(FailureKind kind, String detail) {
            return new Failure(kind, detail, Optional.empty());
        }
    }

    /** Stable failure taxonomy, with Routstr's error code and whether the same call may succeed later. */
    enum FailureKind {
        INVALID_TOKEN("invalid_cashu_token", false),
        /** Routstr melts a foreign mint's token into a trusted mint; this node refuses it with that swap's code. */
        UNTRUSTED_MINT("cashu_foreign_mint_swap_failed", false),
        UNSUPPORTED_UNIT("invalid_cashu_token", false),
        INVALID_SIGNATURE("invalid_cashu_token", false),
        ZERO_VALUE("cashu_token_zero_value", false),
        FEES_EXCEED_AMOUNT("cashu_token_swap_fees_exceed_amount", false),
        ALREADY_SPENT("cashu_token_already_spent", false),
        /** NUT-07 PENDING: another wallet is spending the proofs right now. */
        TOKEN_PENDING("cashu_token_redemption_failed", true),
        MINT_REJECTED("cashu_token_redemption_failed", false),
        MINT_UNREACHABLE("cashu_mint_unreachable", true),
        MINT_RATE_LIMITED("cashu_mint_rate_limited", true),
        /** The request reached the mint but no answer came back; recovery settles it. Do not retry blindly. */
        OUTCOME_UNKNOWN("cashu_token_consumed", false),
        INSUFFICIENT_FUNDS("insufficient_wallet_funds", false),
        /**
         * The wallet's unspent proofs fall short only because other operations in flight hold some of this mint's
         * proofs ({@code PENDING}); their change comes back when they finish, so the same call may succeed shortly.
         */
        FUNDS_IN_FLIGHT("wallet_funds_in_flight", true),
        AMOUNT_TOO_SMALL("amount_too_small", false),
        QUOTE_NOT_PAID("quote_not_paid", true),
        QUOTE_ALREADY_ISSUED("quote_already_issued", false),
        QUOTE_EXPIRED("quote_expired", false),
        PAYMENT_FAILED("payment_failed", false);

        private final String code;
        private final boolean retryable;

        FailureKind(String code, boolean retryable) {
            this.code = code;
            this.retryable = retryable;
        }

        public String code() {
            return code;
        }

        public boolean retryable() {
            return retryable;
        }
    }
}
