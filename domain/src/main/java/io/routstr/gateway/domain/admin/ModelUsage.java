package io.routstr.gateway.domain.admin;

import io.routstr.gateway.domain.Components;
import io.routstr.gateway.domain.money.Msats;

/**
 * What the ledger booked for one model over some time: the billed requests, what they were charged, what no balance
 * covered (shortfall), and their tokens by type. Requests booked before the node recorded the model, and requests that
 * cost nothing, are not counted.
 *
 * @param inputTokens prompt tokens read neither from nor into a cache
 */
public record ModelUsage(
        String model,
        long requests,
        Msats spent,
        Msats shortfall,
        long inputTokens,
        long outputTokens,
        long cacheReadTokens,
        long cacheWriteTokens,
        long reasoningTokens) {

    public ModelUsage {
        Components.requireNonNull(ModelUsage.class, model, spent, shortfall);
    }

    /** Every token the requests read or wrote, reasoning excepted (counted inside the output by most upstreams). */
    public long totalTokens() {
        return inputTokens + cacheReadTokens + cacheWriteTokens + outputTokens;
    }

    /** This and {@code other} together (same model). */
    public ModelUsage plus(ModelUsage other) {
        if (!model.equals(other.model)) {
            throw new IllegalArgumentException("adds usage of one model only");
        }
        return new ModelUsage(
                model,
                requests + other.requests,
                spent.plus(other.spent),
                shortfall.plus(other.shortfall),
                inputTokens + other.inputTokens,
                outputTokens + other.outputTokens,
                cacheReadTokens + other.cacheReadTokens,
                cacheWriteTokens + other.cacheWriteTokens,
                reasoningTokens + other.reasoningTokens);
    }
}
