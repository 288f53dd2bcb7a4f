package io.routstr.gateway.application.port.in.billing;

import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.key.ApiKeyId;
import java.util.Objects;

/**
 * Use case: decide whether a key may make a request at all, before anything of the request takes effect (refund
 * headers stored, a body read, a reservation made). An expired key, a child of an expired parent and a key already at
 * its spending limit are refused here (Routstr §3.1, §3.6); the reservation checks the same again atomically, with the
 * request's real cost.
 */
public interface AdmitRequestUseCase {

    Admission admit(ApiKeyId keyId);

    /**
     * Decides from a snapshot of the key its caller has just loaded (authenticating the request), reading nothing more
     * for a key without a parent.
     */
    Admission admit(ApiKey key);

    /** Whether the key may go on to make its request. */
    sealed interface Admission {

        record Admitted() implements Admission {}

        /** Refused for {@code reason}, one of the reservation's refusals; nothing changed. */
        record Refused(ReserveOutcome reason) implements Admission {

            public Refused {
                Objects.requireNonNull(reason, "reason");
                if (reason instanceof ReserveOutcome.Reserved) {
                    throw new IllegalArgumentException("a reservation is not a refusal");
                }
            }
        }
    }
}
