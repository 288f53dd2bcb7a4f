package io.routstr.gateway.domain.pricing;

import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.domain.usage.ReportedCost;
import io.routstr.gateway.domain.usage.TokenUsage;
import io.routstr.gateway.domain.usage.UsageEstimator;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;
import java.util.Optional;

/**
 * Domain service: what a finished request costs, from its usage (Routstr's {@code calculate_cost}). Charging it is
 * {@link io.routstr.gateway.domain.reservation.Reservation#settle}'s job: never more than the balance.
 *
 * <p>The first rule that applies decides:
 *
 * <ol>
 *   <li><b>Empty response</b>: the upstream reported token counts and every billed bucket is zero → free, even when
 *       it reported a USD cost (Routstr #274, "refund truly-empty responses").
 *   <li><b>Fixed pricing</b> ({@link CostBasis#FIXED}): with a per-1k rate set, tokens at those rates (cache tokens
 *       at the input rate); with none set, the fixed cost per request. Routstr instead falls back to model pricing
 *       when the per-1k rates are zero and lets an upstream USD cost override fixed pricing; an operator who fixes
 *       prices gets fixed prices here.
 *   <li><b>Upstream USD cost</b> ({@link CostBasis#UPSTREAM_USD}): when positive, {@code ceil(usd × fee / rate)} with
 *       the serving price's fee. The output part is the reported output cost rounded down, else the reported input
 *       cost's complement, else a token-proportional share; the rest is input.
 *   <li><b>No token rates</b> ({@link CostBasis#RESERVATION}): a price with neither a prompt nor a completion rate is
 *       not billable by tokens, so the reservation is charged. Routstr does so when either rate is zero, which
 *       overcharges embedding models; a price with one rate bills tokens at it.
 *   <li><b>Tokens</b> ({@link CostBasis#TOKENS}): four buckets (fresh input, output, cache read, cache write) each at
 *       its own rate, each to the nearest thousandth of a msat (ties up), then the sum rounded up:
 *       {@code ceil(round(in·p,3) + round(out·c,3) + round(cr·pcr,3) + round(cw·pcw,3))} in msats. Reasoning is
 *       output; it is added to the output count only when the upstream counted it apart. The request, image, web
 *       search and internal-reasoning rates are not billed here, as in Routstr: they reach the bill through the
 *       upstream's counts or its USD cost.
 * </ol>
 *
 * <p>There is no minimum charge; the policy's minimum applies to reservations only.
 */
public final class CostCalculator {

    private final PricingPolicy policy;

    public CostCalculator(PricingPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /**
     * The cost of a request that used {@code usage}, served at {@code price} (its provider fee included) and reserved
     * at {@code reserved}.
     */
    public RequestCost cost(TokenUsage usage, ModelPrice price, BtcUsdRate rate, Msats reserved) {
        return cost(usage, price, Optional.of(rate), reserved);
    }

    /**
     * Whether billing a request at {@code price} needs a BTC/USD rate: model prices are in USD, fixed prices in sats.
     * Under fixed pricing only a path billed per request ({@code billedPerRequest}) at the model's own USD request
     * price needs one. Without a rate, the {@code Optional} variants of this class and of {@link MaxCostEstimator}
     * serve exactly the requests for which this is false, and report a USD total of zero.
     */
    public boolean needsRate(ModelPrice price, boolean billedPerRequest) {
        Objects.requireNonNull(price, "price");
        return !policy.fixedPricing() || (billedPerRequest && price.request().signum() > 0);
    }

    /** As {@link #cost(TokenUsage, ModelPrice, BtcUsdRate, Msats)}, where {@link #needsRate} allows no rate. */
    public RequestCost cost(TokenUsage usage, ModelPrice price, Optional<BtcUsdRate> maybeRate, Msats reserved) {
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(price, "price");
        Objects.requireNonNull(maybeRate, "rate");
        Objects.requireNonNull(reserved, "reserved");
        if (policy.fixedPricing()) {
            return isEmptyResponse(usage) ? RequestCost.free(CostBasis.FIXED) : fixedCost(usage, maybeRate);
        }
        BtcUsdRate rate = required(maybeRate);
        if (usage.reportedCost().filter(ReportedCost::isPositive).isPresent()) {
            return isEmptyResponse(usage)
                    ? RequestCost.free(CostBasis.UPSTREAM_USD)
                    : upstreamUsdCost(usage, usage.reportedCost().orElseThrow(), price, rate);
        }
        if (isEmptyResponse(usage)) {
            return RequestCost.free(CostBasis.TOKENS);
        }
        if (!price.hasTokenRates()) {
            return whole(reserved, Msats.ZERO, maybeRate, CostBasis.RESERVATION);
        }
        return fromBuckets(
                rate.msatsToThousandths(times(usage.inputTokens(), price.prompt())),
                rate.msatsToThousandths(times(usage.billableOutputTokens(), price.completion())),
                rate.msatsToThousandths(times(usage.cacheReadTokens(), price.cacheRead())),
                rate.msatsToThousandths(times(usage.cacheWriteTokens(), price.cacheWrite())),
                maybeRate,
                CostBasis.TOKENS);
    }

    /**
     * The cost of a response that came back without usage (an interrupted stream, an endpoint that reports none):
     * the cost of the usage {@link UsageEstimator} estimates from the characters sent and received, never more than
     * the reservation. A response with no output at all is free. Routstr bills every such response at zero, which
     * makes interrupted streams and usage-less endpoints free; the cap keeps the estimate within what the client
     * agreed to hold.
     */
    public RequestCost estimateFromText(
            long promptCharacters, long outputCharacters, ModelPrice price, BtcUsdRate rate, Msats reserved) {
        return estimateFromText(promptCharacters, outputCharacters, price, Optional.of(rate), reserved);
    }

    /** As {@link #estimateFromText(long, long, ModelPrice, BtcUsdRate, Msats)}, where {@link #needsRate} allows. */
    public RequestCost estimateFromText(
            long promptCharacters, long outputCharacters, ModelPrice price, Optional<BtcUsdRate> rate, Msats reserved) {
        Objects.requireNonNull(reserved, "reserved");
        if (outputCharacters == 0) {
            return RequestCost.free(CostBasis.ESTIMATE);
        }
        RequestCost uncapped = cost(UsageEstimator.estimate(promptCharacters, outputCharacters), price, rate, reserved);
        RequestCost capped = uncapped.cappedAt(reserved, rate);
        return new RequestCost(
                capped.total(),
                capped.input(),
                capped.output(),
                capped.cacheRead(),
                capped.cacheWrite(),
                usd(rate, capped.total()),
                CostBasis.ESTIMATE);
    }

    /**
     * The cost of a request to a path billed per request ({@code PROXY_EXTRA_ALLOWED_PATHS}): images, audio and the
     * like, whose answers carry neither text to estimate from nor, often, usage. The model's per-request price when it
     * has one, else the operator's fixed cost per request ({@code FIXED_COST_PER_REQUEST}); when the upstream reported
     * usage that costs more, that instead. Never free merely because the answer has no text: Routstr bills such
     * answers at zero (§14).
     */
    public RequestCost perRequest(Optional<TokenUsage> usage, ModelPrice price, BtcUsdRate rate, Msats reserved) {
        return perRequest(usage, price, Optional.of(rate), reserved);
    }

    /** As {@link #perRequest(Optional, ModelPrice, BtcUsdRate, Msats)}, where {@link #needsRate} allows no rate. */
    public RequestCost perRequest(
            Optional<TokenUsage> usage, ModelPrice price, Optional<BtcUsdRate> rate, Msats reserved) {
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(price, "price");
        Objects.requireNonNull(rate, "rate");
        Msats perRequest =
                price.request().signum() > 0 ? required(rate).msatsFor(price.request()) : policy.fixedCostPerRequest();
        RequestCost flat = whole(perRequest, Msats.ZERO, rate, CostBasis.PER_REQUEST);
        if (usage.isPresent()) {
            RequestCost reported = cost(usage.get(), price, rate, reserved);
            if (reported.total().isGreaterThan(flat.total())) {
                return reported;
            }
        }
        return flat;
    }

    private static boolean isEmptyResponse(TokenUsage usage) {
        return usage.countsReported() && usage.hasNoBilledTokens();
    }

    private RequestCost fixedCost(TokenUsage usage, Optional<BtcUsdRate> rate) {
        if (!policy.hasFixedTokenRates() || !usage.countsReported()) {
            return whole(policy.fixedCostPerRequest(), Msats.ZERO, rate, CostBasis.FIXED);
        }
        // Sats per 1000 tokens are msats per token.
        BigDecimal input = policy.fixedPer1kInputSats();
        BigDecimal output = policy.fixedPer1kOutputSats();
        return fromBuckets(
                MsatsRounding.toBucketScale(times(usage.inputTokens(), input)),
                MsatsRounding.toBucketScale(times(usage.billableOutputTokens(), output)),
                MsatsRounding.toBucketScale(times(usage.cacheReadTokens(), input)),
                MsatsRounding.toBucketScale(times(usage.cacheWriteTokens(), input)),
                rate,
                CostBasis.FIXED);
    }

    private static RequestCost upstreamUsdCost(
            TokenUsage usage, ReportedCost reported, ModelPrice price, BtcUsdRate rate) {
        ProviderFee fee = price.appliedFee();
        Msats total = rate.msatsFor(fee.applyTo(reported.totalUsd()));
        Msats output;
        if (reported.outputUsd().isPresent()) {
            output = MsatsRounding.down(
                    rate.msatsToThousandths(fee.applyTo(reported.outputUsd().get())));
        } else if (reported.inputUsd().isPresent()) {
            output = total.minusOrZero(
                    rate.msatsFor(fee.applyTo(reported.inputUsd().get())));
        } else {
            output = proportionalOutput(total, usage);
        }
        return whole(total, output.min(total), Optional.of(rate), CostBasis.UPSTREAM_USD);
    }

    /** The output's share of {@code total} by token counts, rounded down. */
    private static Msats proportionalOutput(Msats total, TokenUsage usage) {
        long outputTokens = usage.billableOutputTokens();
        long allTokens = usage.totalInputTokens() + outputTokens;
        if (allTokens == 0) {
            return Msats.ZERO;
        }
        return MsatsRounding.down(BigDecimal.valueOf(total.value())
                .multiply(BigDecimal.valueOf(outputTokens))
                .divide(BigDecimal.valueOf(allTokens), MsatsRounding.BUCKET_SCALE, RoundingMode.FLOOR));
    }

    /** A cost known only as a total and its output part; cache parts unknown, so reported as zero. */
    private static RequestCost whole(Msats total, Msats output, Optional<BtcUsdRate> rate, CostBasis basis) {
        return new RequestCost(total, total.minus(output), output, Msats.ZERO, Msats.ZERO, usd(rate, total), basis);
    }

    /** {@code amount} in USD, zero when no rate is known (only fixed prices are charged then). */
    private static BigDecimal usd(Optional<BtcUsdRate> rate, Msats amount) {
        return rate.map(r -> r.usdFor(amount)).orElse(BigDecimal.ZERO);
    }

    /** The rate model prices need; its absence here is a caller's bug, {@link #needsRate} says when one is needed. */
    static BtcUsdRate required(Optional<BtcUsdRate> rate) {
        return rate.orElseThrow(() -> new IllegalStateException("model pricing needs a BTC/USD rate"));
    }

    private static RequestCost fromBuckets(
            BigDecimal input,
            BigDecimal output,
            BigDecimal cacheRead,
            BigDecimal cacheWrite,
            Optional<BtcUsdRate> rate,
            CostBasis basis) {
        Msats total = MsatsRounding.up(input.add(output).add(cacheRead).add(cacheWrite));
        // The parts round down so they never add up to more than the rounded-up total.
        Msats outputPart = MsatsRounding.down(output);
        return new RequestCost(
                total,
                total.minus(outputPart),
                outputPart,
                MsatsRounding.down(cacheRead),
                MsatsRounding.down(cacheWrite),
                usd(rate, total),
                basis);
    }

    private static BigDecimal times(long tokens, BigDecimal perToken) {
        return BigDecimal.valueOf(tokens).multiply(perToken);
    }
}
