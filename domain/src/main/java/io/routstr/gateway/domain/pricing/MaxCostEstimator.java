package io.routstr.gateway.domain.pricing;

import io.routstr.gateway.domain.money.Msats;
import java.math.BigDecimal;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Domain service: how much to reserve before forwarding a request, the most it may cost (Routstr's
 * {@code get_max_cost_for_model} followed by {@code calculate_discounted_max_cost}).
 *
 * <p>The rule, with {@code p}, {@code c} the fee-included prompt and completion rates (USD per token), {@code cl} the
 * context length, {@code mct} the maximum completion tokens and {@code tol = 1 − tolerance/100}:
 *
 * <ol>
 *   <li>Fixed pricing: the fixed cost per request, whatever the request.
 *   <li>USD maximums ({@code maxPrompt}, {@code maxCompletion}, {@code maxCost}) and the prompt limit, from the model's
 *       limits:
 *       <ul>
 *         <li>{@code cl} and {@code mct}, {@code cl ≤ mct}: {@code cl·p}, {@code cl·c}, {@code cl·max(p,c)}; prompt
 *             limit 0 (the context leaves no room reserved for the prompt).
 *         <li>{@code cl} and {@code mct}, {@code cl > mct}: {@code cl·p}, {@code mct·c}, {@code (cl−mct)·p + mct·c};
 *             prompt limit {@code cl − mct}.
 *         <li>only {@code cl}: {@code cl·p}, {@code cl·c}, {@code cl·max(p,c)}; prompt limit {@code cl}.
 *         <li>only {@code mct}: {@code mct·p}, {@code mct·c}, {@code mct·c}; prompt limit 0.
 *         <li>neither: {@code 1 000 000·p}, {@code 32 000·c}, and a maximum cost of {@code p + c + 100 000·request +
 *             100·image + 1 000·webSearch + 100·internalReasoning}, prompt limit 0. This is Routstr's fallback taken
 *             as it is: it usually ends at the minimum, and settlement charges any overrun from the balance.
 *       </ul>
 *   <li>Start from {@code tol·maxCost}.
 *   <li>When the prompt size is known, subtract the unused prompt allowance {@code tol·promptLimit·p −
 *       promptTokens·p} if positive.
 *   <li>When the request caps its output ({@link RequestShape#outputCap()}), subtract the unused completion allowance
 *       {@code tol·maxCompletion − cap·c} if positive.
 *   <li>Convert to msats rounding up ({@link BtcUsdRate#msatsFor(BigDecimal)}), and never go below the policy's
 *       minimum.
 * </ol>
 *
 * <p>Routstr truncates the starting amount and floors each discount to whole msats separately; here the whole amount
 * stays exact in USD and is rounded up once, so the reservation is the same or up to a few msats larger.
 */
public final class MaxCostEstimator {

    /** Routstr's assumed prompt size when a model publishes no limits. */
    static final BigDecimal FALLBACK_PROMPT_TOKENS = BigDecimal.valueOf(1_000_000);
    /** Routstr's assumed completion size when a model publishes no limits. */
    static final BigDecimal FALLBACK_COMPLETION_TOKENS = BigDecimal.valueOf(32_000);

    private final PricingPolicy policy;

    public MaxCostEstimator(PricingPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /**
     * The reservation for a request of {@code shape} to a model priced {@code price} (its serving provider's fee
     * included).
     */
    public Msats maxCost(ModelPrice price, BtcUsdRate rate, RequestShape shape) {
        Objects.requireNonNull(price, "price");
        Objects.requireNonNull(rate, "rate");
        Objects.requireNonNull(shape, "shape");
        if (policy.fixedPricing()) {
            return withoutModelPricing();
        }
        UsdMaximums maximums = UsdMaximums.of(price);
        BigDecimal tol = policy.toleranceFactor();
        BigDecimal reserve = maximums.cost().multiply(tol);

        if (shape.promptTokens().isPresent()) {
            BigDecimal allowance =
                    maximums.promptLimit().multiply(price.prompt()).multiply(tol);
            BigDecimal used =
                    BigDecimal.valueOf(shape.promptTokens().getAsLong()).multiply(price.prompt());
            reserve = reserve.subtract(positivePart(allowance.subtract(used)));
        }
        OptionalLong cap = shape.outputCap();
        if (cap.isPresent()) {
            BigDecimal allowance = maximums.completion().multiply(tol);
            BigDecimal used = BigDecimal.valueOf(cap.getAsLong()).multiply(price.completion());
            reserve = reserve.subtract(positivePart(allowance.subtract(used)));
        }
        return rate.msatsFor(positivePart(reserve)).max(policy.minimumRequest());
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

    private static BigDecimal positivePart(BigDecimal value) {
        return value.signum() > 0 ? value : BigDecimal.ZERO;
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
