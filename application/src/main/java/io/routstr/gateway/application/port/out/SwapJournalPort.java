package io.routstr.gateway.application.port.out;

import io.routstr.gateway.domain.Components;
import io.routstr.gateway.domain.ecash.QuoteId;
import io.routstr.gateway.domain.ecash.TokenFingerprint;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Port: the journal of foreign-mint swaps ({@code cashu_swaps}). A token from a mint the node does not trust is melted
 * there to pay an invoice of the primary mint, whose quote is then minted into the wallet; each step is written here
 * before it is taken, with the ids a resumed swap needs (the primary mint's quote, the foreign mint's melt quote).
 *
 * <p>An unfinished swap also locks its foreign mint: at most one swap per foreign mint is unfinished at a time, so a
 * slow or hostile mint ties up one swap, never a queue of them, and a token is never melted twice in parallel.
 */
public interface SwapJournalPort {

    /**
     * Records {@code swap} (state {@link SwapState#STARTED}) unless another swap of the same foreign mint is unfinished,
     * or a swap of the same token is unfinished or done; false then, and nothing is written.
     */
    boolean open(Swap swap);

    /**
     * Moves swap {@code id} from {@code from} to {@code to}, storing the quote ids and amount of {@code swap} with it;
     * false when the swap is no longer in {@code from} (another instance moved it).
     */
    boolean advance(Swap swap, SwapState from, SwapState to, Instant now);

    Optional<Swap> find(UUID id);

    /** The newest swap of the token with {@code fingerprint}, if any. */
    Optional<Swap> findByFingerprint(TokenFingerprint fingerprint);

    /**
     * Unfinished swaps last touched before {@code olderThan}, leased to the caller by touching them now; a second
     * instance asking at the same time gets other ones.
     */
    List<Swap> claimStale(Instant olderThan, Instant now, int limit);

    /** Where a swap stands; each state is written before the step it names is taken. */
    enum SwapState {
        /** The row (and the foreign mint's lock) is taken; quotes are being asked for; nothing is paid in this state. */
        STARTED,
        /**
         * The quotes are stored and the token's proofs are being melted at the foreign mint (the outcome may be
         * unknown after a crash).
         */
        MELT_STARTED,
        /** The melt paid the primary mint's invoice; its quote is being minted into the wallet. */
        MINT_STARTED,
        /** The wallet holds {@code mintAmount} at the primary mint: the token's credit. */
        DONE,
        /** Nothing was taken from the token (the melt failed or never ran), or the swap was given up. */
        FAILED;

        public boolean isFinal() {
            return this == DONE || this == FAILED;
        }
    }

    /**
     * One swap. Amounts are in {@code unit} (the token's, which is the primary mint's unit). {@code mintAmount} is what
     * the primary mint's quote is for, so what the wallet gains and the token is credited; the rest of
     * {@code faceAmount} went to the foreign mint's input fee and Lightning fee. Quote ids are bearer secrets until
     * used: never log them.
     */
    record Swap(
            UUID id,
            TokenFingerprint fingerprint,
            MintUrl foreignMint,
            MintUrl primaryMint,
            CurrencyUnit unit,
            long faceAmount,
            long mintAmount,
            Optional<QuoteId> mintQuoteId,
            Optional<QuoteId> meltQuoteId,
            SwapState state,
            Instant createdAt,
            Instant updatedAt) {

        public Swap {
            Components.requireNonNull(
                    Swap.class,
                    id,
                    fingerprint,
                    foreignMint,
                    primaryMint,
                    unit,
                    mintQuoteId,
                    meltQuoteId,
                    state,
                    createdAt,
                    updatedAt);
            if (faceAmount <= 0 || mintAmount < 0 || mintAmount > faceAmount) {
                throw new IllegalArgumentException("a swap mints no more than the token's positive face value");
            }
        }

        public static Swap start(
                UUID id,
                TokenFingerprint fingerprint,
                MintUrl foreignMint,
                MintUrl primaryMint,
                CurrencyUnit unit,
                long faceAmount,
                Instant now) {
            return new Swap(
                    id,
                    fingerprint,
                    foreignMint,
                    primaryMint,
                    unit,
                    faceAmount,
                    0,
                    Optional.empty(),
                    Optional.empty(),
                    SwapState.STARTED,
                    now,
                    now);
        }

        /** This swap with its quotes: the primary mint's for {@code amount}, and the foreign mint's melt quote. */
        public Swap quoted(QuoteId mintQuote, QuoteId meltQuote, long amount) {
            return new Swap(
                    id,
                    fingerprint,
                    foreignMint,
                    primaryMint,
                    unit,
                    faceAmount,
                    amount,
                    Optional.of(mintQuote),
                    Optional.of(meltQuote),
                    state,
                    createdAt,
                    updatedAt);
        }

        public Swap in(SwapState next) {
            return new Swap(
                    id,
                    fingerprint,
                    foreignMint,
                    primaryMint,
                    unit,
                    faceAmount,
                    mintAmount,
                    mintQuoteId,
                    meltQuoteId,
                    next,
                    createdAt,
                    updatedAt);
        }

        @Override
        public String toString() {
            return "Swap[id=" + id + ", foreignMint=" + foreignMint + ", face=" + faceAmount + ", minted=" + mintAmount
                    + ", state=" + state + "]";
        }
    }
}
