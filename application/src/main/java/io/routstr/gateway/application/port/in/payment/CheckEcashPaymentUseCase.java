package io.routstr.gateway.application.port.in.payment;

import io.routstr.gateway.application.port.in.proxy.RequestCostBasis;
import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.domain.proxy.LlmRequest;
import io.routstr.gateway.domain.proxy.ModelId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Use case: before an {@code X-Cashu} token is redeemed, check offline that the request it pays for can run (Routstr
 * §3.3 pre-check, {@code minimum_balance_required}): a known model, a well-formed body, and a token worth at least the
 * request's maximum cost. A request refused here leaves the token untouched, so its holder pays no mint fee for it.
 */
public interface CheckEcashPaymentUseCase {

    /**
     * @param headers the client's request headers (names in any case), for {@code X-Routstr-Model-Path}
     */
    Check check(String token, LlmRequest request, Map<String, List<String>> headers);

    /** What the check found. */
    sealed interface Check {

        /**
         * Nothing against redeeming: the token covers the request, or what it is worth is not known offline.
         *
         * @param costBasis what the checked bound was computed from, for forwarding to hold the same; empty when no
         *     bound was computed
         */
        record Proceed(Optional<RequestCostBasis> costBasis) implements Check {

            public Proceed {
                Objects.requireNonNull(costBasis, "cost basis");
            }

            public Proceed() {
                this(Optional.empty());
            }
        }

        /** The token's face value is below what the request may cost. */
        record TokenTooSmall(ModelId model, Msats required, Msats faceValue) implements Check {
            public TokenTooSmall {
                Objects.requireNonNull(model, "model");
                Objects.requireNonNull(required, "required");
                Objects.requireNonNull(faceValue, "face value");
            }
        }

        record UnknownModel(ModelId model) implements Check {}

        record InvalidRequest(String message) implements Check {}

        /** No BTC/USD rate was ever obtained, so the request could not be priced. */
        record PriceUnavailable() implements Check {}
    }
}
