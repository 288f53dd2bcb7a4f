package io.routstr.gateway.domain.pricing;

/** What a request's cost was computed from. */
public enum CostBasis {
    /** The upstream's token counts at the model's per-token prices. */
    TOKENS,
    /** The USD cost the upstream reported, with the provider fee applied. */
    UPSTREAM_USD,
    /** The operator's fixed pricing: per-1k token rates, or a fixed cost per request. */
    FIXED,
    /** Token counts estimated from text because the upstream reported no usage; capped at the reservation. */
    ESTIMATE,
    /** The full reservation, because the model's price has no prompt or completion rate to bill tokens from. */
    RESERVATION,
    /** One price per request, for a path the node cannot bill by usage (an extra allowed proxy path). */
    PER_REQUEST
}
