package io.routstr.gateway.domain.pricing;

import io.routstr.gateway.domain.money.Msats;
import java.util.Objects;

/** What {@link MaxCostEstimator} found a request can cost at most: an amount to hold, or no bound at all. */
public sealed interface ReservationBound {

    /** The request cannot cost more than {@code amount}. */
    record Bounded(Msats amount) implements ReservationBound {
        public Bounded {
            Objects.requireNonNull(amount, "amount");
        }
    }

    /** Nothing bounds what the request can cost, so it cannot be reserved for; {@code part} says what is unbounded. */
    record Unbounded(UnboundedPart part) implements ReservationBound {
        public Unbounded {
            Objects.requireNonNull(part, "part");
        }
    }

    /** The part of a request nothing bounds. */
    enum UnboundedPart {
        /** The request caps no output and the model publishes neither a context length nor a maximum completion. */
        OUTPUT,
        /** The prompt's size is not in the body (files, stored responses, server tools) and the model has no context length. */
        PROMPT
    }
}
