package io.routstr.gateway.application.port.in.payment;

import io.routstr.gateway.domain.ecash.RedemptionFailure;
import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.key.ApiKeyId;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.money.Msats;

/**
 * Use case: pay for one request with a Cashu token in {@code X-Cashu} and get the change back (Routstr §3.3).
 *
 * <p>The token is redeemed once into its own key ({@code sk-} + sha256(token), as a bearer token would be), the request
 * is billed on that key like any other, and what is left is paid back as an ecash token at the end. A failure after
 * redemption never strands the client: the change (or the full amount) stays on the token's key until it is handed
 * out, and {@link #recoverChange(String)} hands it out later.
 */
public interface PayPerRequestWithEcashUseCase {

    /** Redeems the token and returns the key the request is billed on. */
    Payment begin(String token);

    /** Pays back what is left on the token's key; returns the change, if there was any. */
    Change finish(String token);

    /**
     * As {@link #finish(String)}, for the key {@code begin} accepted the token into (its id), which is then not looked
     * up again.
     */
    Change finish(String token, ApiKeyId keyId);

    /** The change of an earlier payment, for a client whose response (and change header) was lost. */
    Recovery recoverChange(String token);

    /** What came of redeeming the paying token. */
    sealed interface Payment {
        record Accepted(ApiKey key) implements Payment {}

        record Rejected(RedemptionFailure failure, String message) implements Payment {}

        record Busy() implements Payment {}
    }

    /** The change of a finished request. */
    sealed interface Change {
        record Returned(String token, Msats amount) implements Change {}

        /** Nothing (or less than the mint's smallest unit) was left. */
        record Nothing() implements Change {}

        /** The change could not be paid now; it stays on the token's key and can be recovered. */
        record Deferred(String reason) implements Change {}
    }

    /** What recovering change found. */
    sealed interface Recovery {
        record Found(String token, Msats amount, CurrencyUnit unit) implements Recovery {}

        /** The request is still being served or its change is being issued: retry shortly (HTTP 425). */
        record Pending() implements Recovery {}

        /** Its change was nothing, or was fetched and then reclaimed. */
        record NoChange() implements Recovery {}

        record NotFound() implements Recovery {}
    }
}
