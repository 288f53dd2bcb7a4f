package io.routstr.gateway.cashu.mint;

import io.routstr.gateway.domain.mint.MintUrl;
import java.util.Locale;

/**
 * Told of every call the wallet makes to a mint, with how long the mint took to answer it: the one place that sees
 * the mint's own share of a paid request (an X-Cashu request waits on one or two swaps), so that metrics can tell it
 * from the node's. Called on the calling thread after the call; it must not block.
 */
@FunctionalInterface
public interface MintCallObserver {

    /** Observes nothing. */
    MintCallObserver NONE = (mint, operation, outcome, nanos) -> {};

    /**
     * {@code nanos}: from sending the request to the answer read (for a call never sent, the time it waited for a
     * permit). Each attempt of a repeated call is a call of its own.
     */
    void called(MintUrl mint, Operation operation, Outcome outcome, long nanos);

    /** What was asked of the mint (NUT-01 to NUT-09). */
    enum Operation {
        INFO,
        KEYSETS,
        KEYS,
        SWAP,
        MINT_QUOTE,
        MINT_QUOTE_STATE,
        MINT,
        MELT_QUOTE,
        MELT_QUOTE_STATE,
        MELT,
        CHECKSTATE,
        RESTORE;

        /** The metric tag: {@code swap}, {@code mint_quote}, … */
        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How the call ended. */
    enum Outcome {
        /** HTTP 200 with a JSON body. */
        ANSWERED,
        /** The mint refused (a NUT error, 429 or another 4xx). */
        REFUSED,
        /** Never reached the mint: no connection. */
        UNREACHABLE,
        /** Sent, but no usable answer came back (timeout, broken connection, 5xx): the mint may have acted. */
        OUTCOME_UNKNOWN,
        /** Not sent: the mint's circuit breaker is open. */
        CIRCUIT_OPEN,
        /** Not sent: no permit of the mint's bulkhead ({@code MINT_MAX_CONCURRENCY}) came free in time. */
        BULKHEAD_FULL;

        /** The metric tag: {@code answered}, {@code outcome_unknown}, … */
        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
