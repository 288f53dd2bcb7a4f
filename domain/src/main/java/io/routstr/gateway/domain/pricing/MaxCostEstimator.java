package io.routstr.gateway.domain.pricing;

import io.routstr.gateway.domain.money.Msats;
import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongFunction;
import java.util.stream.LongStream;

/**
 * Domain service: how much to reserve before forwarding a request, an upper bound on what it can cost, so that a
 * request never costs more than it held and a key never spends more than it has or may.
 *
 * <p>The bound, with {@code P} the prompt bound, {@code O} the output bound per choice, {@code n} the choices,
 * {@code cl} the context length, {@code mct} the maximum completion tokens:
 *
 * <ol>
 *   <li>Fixed pricing without per-1k rates: the fixed cost per request, whatever the request (that is its charge).
 *   <li>The rates: prompt tokens at the largest of the prompt and cache rates (an upstream may bill any of them as
 *       cache writes), output tokens at the larger of the completion and internal-reasoning rates. Under fixed
 *       pricing the per-1k rates.
 *   <li>{@code P} = the request's prompt bound ({@link RequestShape#promptTokens()}), never above {@code cl}; when
 *       the body does not bound it, {@code cl}. {@code O} = the smallest of the request's output cap, {@code mct} and
 *       {@code cl}. A side priced above zero without a bound makes the request {@link ReservationBound.Unbounded}:
 *       the caller refuses it. Routstr instead reserved a few msats for a model without limits and charged any
 *       overrun from the balance, which lets a request spend more than it held and a child key more than its limit.
 *   <li>The token cost: the most that {@code x} prompt tokens and {@code n} choices of {@code y} output tokens cost
 *       over {@code x ≤ P}, {@code y ≤ O}, {@code x + y ≤ cl} (each choice shares the prompt inside one context). It
 *       is piecewise linear in {@code x}, so its maximum is at {@code x = P} or {@code x = cl − O}.
 *   <li>Plus the request rate once and the image rate per image, converted to msats rounding up, plus one msat
 *       because a charge rounds each of its four token buckets to a thousandth of a msat before rounding the sum up
 *       (never more than 0.002 msats above the exact cost); never below the policy's minimum.
 * </ol>
 *
 * <p>Routstr's {@code TOLERANCE_PERCENTAGE} discount is not applied: a reservation below the bound would let a
 * request cost more than it held. A charge above the hold happens only when an upstream bills beyond its own limits,
 * and is then the node's shortfall.
 */
public final class MaxCostEstimator {

    /** Routstr's assumed prompt size when a model publishes no limits (its advertised maximum only). */
    static final BigDecimal FALLBACK_PROMPT_TOKENS = BigDecimal.valueOf(1_000_000);
    /** Routstr's assumed completion size when a model publishes no limits (its advertised maximum only). */
    static final BigDecimal FALLBACK_COMPLETION_TOKENS = BigDecimal.valueOf(32_000);

    /** Covers the rounding of a charge's four token buckets, each to a thousandth of a msat. */
    private static final Msats ROUNDING_MARGIN = Msats.of(1);

    private final PricingPolicy policy;

    public MaxCostEstimator(PricingPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /**
     * The most a request of {@code shape} to a model priced {@code price} (its serving provider's fee included) can
     * cost, in msats at {@code rate}, or why nothing bounds it.
     */
    public ReservationBound bound(ModelPrice price, BtcUsdRate rate, RequestShape shape) {
        return bound(price, Optional.of(rate), shape);
    }

    /**
     * As {@link #bound(ModelPrice, BtcUsdRate, RequestShape)}, with no rate known yet: fixed pricing is in sats and
     * bounds without one; model pricing throws, so callers ask {@link CostCalculator#needsRate} first.
     */
    public ReservationBound bound(ModelPrice price, Optional<BtcUsdRate> rate, RequestShape shape) {
        Objects.requireNonNull(price, "price");
        Objects.requireNonNull(rate, "rate");
        Objects.requireNonNull(shape, "shape");
        if (policy.fixedPricing() && !policy.hasFixedTokenRates()) {
            return new ReservationBound.Bounded(withoutModelPricing());
        }
        if (policy.fixedPricing()) {
            // Sats per 1000 tokens are msats per token. A response without counts is charged the fixed cost.
            return tokenBound(policy.fixedPer1kInputSats(), policy.fixedPer1kOutputSats(), price.limits(), shape)
                    .map(msats -> bounded(upAtMost(msats).max(policy.fixedCostPerRequest())))
                    .orElseGet(() -> unbounded(
                            price.limits(), shape, policy.fixedPer1kInputSats(), policy.fixedPer1kOutputSats()));
        }
        BigDecimal promptRate = price.prompt().max(price.cacheRead()).max(price.cacheWrite());
        BigDecimal outputRate = price.completion().max(price.internalReasoning());
        return tokenBound(promptRate, outputRate, price.limits(), shape)
                .map(usd -> usd.add(price.request()).add(price.image().multiply(BigDecimal.valueOf(shape.images()))))
                .map(usd -> bounded(msatsAtMost(CostCalculator.required(rate), usd)))
                .orElseGet(() -> unbounded(price.limits(), shape, promptRate, outputRate));
    }

    /**
     * The maximum cost {@code /v1/models} advertises for a model ({@code sats_pricing.max_cost}): the bound of a
     * one-choice request that fills the context, so that a client whose balance covers it is never refused a
     * one-choice request. A model without limits has no such bound; Routstr's fallback is advertised then.
     */
    public Msats advertisedMaxCost(ModelPrice price, BtcUsdRate rate) {
        return switch (bound(price, rate, RequestShape.UNKNOWN)) {
            case ReservationBound.Bounded bounded -> bounded.amount();
            case ReservationBound.Unbounded ignored ->
                policy.fixedPricing()
                        ? withoutModelPricing()
                        : rate.msatsFor(UsdMaximums.of(price).cost()).max(policy.minimumRequest());
        };
    }

    /**
     * The reservation when model pricing does not apply: fixed pricing is on, the model is unknown, or no exchange
     * rate has been fetched yet. The fixed cost per request, never below the minimum.
     */
    public Msats withoutModelPricing() {
        return policy.fixedCostPerRequest().max(policy.minimumRequest());
    }

    /**
     * The most one request to a model priced {@code price} can cost in USD, before the tolerance discount: prompt,
     * completion and whole request (Routstr's {@code max_prompt_cost}, {@code max_completion_cost} and
     * {@code max_cost} in {@code /v1/models}).
     */
    public static UsdMaxCosts usdMaxCosts(ModelPrice price) {
        UsdMaximums maximums = UsdMaximums.of(Objects.requireNonNull(price, "price"));
        return new UsdMaxCosts(maximums.prompt(), maximums.completion(), maximums.cost());
    }

    /** A model's maximum costs in USD. */
    public record UsdMaxCosts(BigDecimal prompt, BigDecimal completion, BigDecimal total) {}

    /** {@code usd} in msats rounding up; a bound beyond any balance when it does not fit a long. */
    private static Msats msatsAtMost(BtcUsdRate rate, BigDecimal usd) {
        try {
            return rate.msatsFor(usd);
        } catch (ArithmeticException tooLarge) {
            return Msats.of(Long.MAX_VALUE - 1);
        }
    }

    private static Msats upAtMost(BigDecimal msats) {
        try {
            return MsatsRounding.up(msats);
        } catch (ArithmeticException tooLarge) {
            return Msats.of(Long.MAX_VALUE - 1);
        }
    }

    private ReservationBound bounded(Msats tokenCost) {
        return new ReservationBound.Bounded(tokenCost.plus(ROUNDING_MARGIN).max(policy.minimumRequest()));
    }

    private static ReservationBound unbounded(
            ModelLimits limits, RequestShape shape, BigDecimal promptRate, BigDecimal outputRate) {
        boolean outputUnbounded = outputRate.signum() > 0
                && shape.outputCap().isEmpty()
                && limits.maxCompletionTokens().isEmpty()
                && limits.contextLength().isEmpty();
        return new ReservationBound.Unbounded(
                outputUnbounded ? ReservationBound.UnboundedPart.OUTPUT : ReservationBound.UnboundedPart.PROMPT);
    }

    /**
     * The most the tokens of a request can cost at {@code promptRate} and {@code outputRate} (any unit per token),
     * or empty when a side priced above zero has no bound.
     */
    private static Optional<BigDecimal> tokenBound(
            BigDecimal promptRate, BigDecimal outputRate, ModelLimits limits, RequestShape shape) {
        OptionalLong context = limits.contextLength();
        OptionalLong prompt = shape.promptTokens().isPresent()
                ? OptionalLong.of(
                        context.isPresent()
                                ? Math.min(shape.promptTokens().getAsLong(), context.getAsLong())
                                : shape.promptTokens().getAsLong())
                : context;
        OptionalLong output = LongStream.of(
                        shape.outputCap().orElse(Long.MAX_VALUE),
                        limits.maxCompletionTokens().orElse(Long.MAX_VALUE),
                        context.orElse(Long.MAX_VALUE))
                .filter(limit -> limit != Long.MAX_VALUE)
                .min();
        if ((prompt.isEmpty() && promptRate.signum() > 0) || (output.isEmpty() && outputRate.signum() > 0)) {
            return Optional.empty();
        }
        long promptBound = prompt.orElse(0);
        long outputBound = output.orElse(0);
        BigDecimal choices = BigDecimal.valueOf(shape.choices());
        LongFunction<BigDecimal> costWithPrompt = x -> {
            long y = context.isPresent() ? Math.min(outputBound, context.getAsLong() - x) : outputBound;
            return BigDecimal.valueOf(x)
                    .multiply(promptRate)
                    .add(BigDecimal.valueOf(y).multiply(outputRate).multiply(choices));
        };
        BigDecimal most = costWithPrompt.apply(promptBound);
        if (context.isPresent()) {
            long knee = Math.clamp(context.getAsLong() - outputBound, 0, promptBound);
            most = most.max(costWithPrompt.apply(knee));
        }
        return Optional.of(most);
    }

    /** Routstr's {@code _calculate_usd_max_costs} plus the prompt limit the discount step uses. */
    private record UsdMaximums(BigDecimal prompt, BigDecimal completion, BigDecimal cost, BigDecimal promptLimit) {

        static UsdMaximums of(ModelPrice price) {
            BigDecimal p = price.prompt();
            BigDecimal c = price.completion();
            OptionalLong contextLength = price.limits().contextLength();
            OptionalLong maxCompletion = price.limits().maxCompletionTokens();
            if (contextLength.isPresent() && maxCompletion.isPresent()) {
                BigDecimal cl = BigDecimal.valueOf(contextLength.getAsLong());
                BigDecimal mct = BigDecimal.valueOf(maxCompletion.getAsLong());
                if (cl.compareTo(mct) <= 0) {
                    return new UsdMaximums(cl.multiply(p), cl.multiply(c), cl.multiply(p.max(c)), BigDecimal.ZERO);
                }
                BigDecimal promptLimit = cl.subtract(mct);
                return new UsdMaximums(
                        cl.multiply(p), mct.multiply(c), promptLimit.multiply(p).add(mct.multiply(c)), promptLimit);
            }
            if (contextLength.isPresent()) {
                BigDecimal cl = BigDecimal.valueOf(contextLength.getAsLong());
                return new UsdMaximums(cl.multiply(p), cl.multiply(c), cl.multiply(p.max(c)), cl);
            }
            if (maxCompletion.isPresent()) {
                BigDecimal mct = BigDecimal.valueOf(maxCompletion.getAsLong());
                return new UsdMaximums(mct.multiply(p), mct.multiply(c), mct.multiply(c), BigDecimal.ZERO);
            }
            BigDecimal cost = p.add(c)
                    .add(price.request().multiply(BigDecimal.valueOf(100_000)))
                    .add(price.image().multiply(BigDecimal.valueOf(100)))
                    .add(price.webSearch().multiply(BigDecimal.valueOf(1_000)))
                    .add(price.internalReasoning().multiply(BigDecimal.valueOf(100)));
            return new UsdMaximums(
                    FALLBACK_PROMPT_TOKENS.multiply(p), FALLBACK_COMPLETION_TOKENS.multiply(c), cost, BigDecimal.ZERO);
        }
    }
}
