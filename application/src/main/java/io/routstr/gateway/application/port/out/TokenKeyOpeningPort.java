package io.routstr.gateway.application.port.out;

import io.routstr.gateway.application.port.out.BalancePort.OpenFundedResult;
import io.routstr.gateway.domain.ecash.TokenFingerprint;
import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.money.Msats;
import java.time.Instant;

/**
 * Port: a redeemed token's new key, opened in one commit with everything its deposit records (Routstr §3.2, §3.3): the
 * key stored and credited with the token's value (a DEPOSIT under {@code reference}), the token's claim in the
 * redemption log completed into that key and, when the token pays for one {@code X-Cashu} request, that payment
 * started on it. Each was a commit of its own on every {@code X-Cashu} request. A crash leaves all of it or none: the
 * token's claim then stays for the reconciler, which credits it once.
 */
public interface TokenKeyOpeningPort {

    /**
     * Opens {@code key} (top-level, new) credited with {@code amount} for the redeemed token {@code token}, recording
     * {@code use} alongside. When a key with the same hash exists, nothing is stored or recorded and that key is
     * returned, to be credited the ordinary way.
     */
    OpenFundedResult openFundedByToken(
            ApiKey key, Msats amount, String reference, TokenFingerprint token, TokenUse use, Instant now);

    /** What the token is spent on, and so what is recorded with its key. */
    enum TokenUse {
        /** The token becomes a key (a bearer credential, Routstr §3.2): its redemption completes into the key. */
        OPENS_KEY,

        /**
         * The token pays for one {@code X-Cashu} request (Routstr §3.3): as {@link #OPENS_KEY}, and the payment is
         * started on the key, so that its change can be recovered with the token.
         *
         * <p>The commit that opens the key (the wallet's commit after the swap, when the opening joins it) returns
         * without waiting for the disk. The database writes its log in order, so it is on disk as soon as a later
         * commit that waits is, and what follows it outside the database comes after one: the request's hold, before
         * its upstream call, waits; a request refused before its hold has its change paid through a write-ahead that
         * waits, or recorded (waiting) as none. (Only a change deferred because another request of the same token
         * holds or refunds its key at that moment is answered without such a commit; the answer then promises only
         * that the change is recoverable.) A crash of the database can thus lose the opening only together with what
         * came after it: the wallet's write-ahead, on disk, lets its recovery restore the swap, and the token's claim,
         * also on disk, lets the reconciler credit the token's key once. A key opened by its token
         * ({@link #OPENS_KEY}) is answered to its client at once, so its commit waits.
         */
        PAYS_ONE_REQUEST
    }
}
