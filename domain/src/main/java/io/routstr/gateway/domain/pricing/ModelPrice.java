package io.routstr.gateway.domain.pricing;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * What one model costs at one provider, in USD per unit as the catalogue publishes it (OpenRouter's {@code pricing}
 * object), together with the model's limits and the provider fee already applied to the rates.
 *
 * <p>Per token: {@code prompt}, {@code completion}, {@code internalReasoning}, {@code cacheRead}, {@code cacheWrite};
 * per request: {@code request}; per image: {@code image}; per search: {@code webSearch}. Settlement bills only the
 * token rates (Routstr bills images, searches and reasoning through the upstream's token counts or reported USD); the
 * others feed the maximum-cost fallback.
 *
 * @param appliedFee the fee already multiplied into every rate; the USD-cost path applies the same fee to an
 *     upstream-reported cost, so that a request is always billed at its serving provider's fee
 */
public record ModelPrice(
        BigDecimal prompt,
        BigDecimal completion,
        BigDecimal request,
        BigDecimal image,
        BigDecimal webSearch,
        BigDecimal internalReasoning,
        BigDecimal cacheRead,
        BigDecimal cacheWrite,
        ModelLimits limits,
        ProviderFee appliedFee) {

    public ModelPrice {
        prompt = rate(prompt, "prompt");
        completion = rate(completion, "completion");
        request = rate(request, "request");
        image = rate(image, "image");
        webSearch = rate(webSearch, "web search");
        internalReasoning = rate(internalReasoning, "internal reasoning");
        cacheRead = rate(cacheRead, "cache read");
        cacheWrite = rate(cacheWrite, "cache write");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(appliedFee, "applied fee");
    }

    /** A price with only prompt and completion rates: cache tokens at the prompt rate, no limits, no fee. */
    public static ModelPrice of(BigDecimal prompt, BigDecimal completion) {
        return builder().prompt(prompt).completion(completion).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** This price with {@code fee} multiplied into every rate (on top of any fee applied before). */
    public ModelPrice withFee(ProviderFee fee) {
        return withRates(fee::applyTo, limits, appliedFee.andThen(fee));
    }

    public ModelPrice withLimits(ModelLimits newLimits) {
        return withRates(UnaryOperator.identity(), newLimits, appliedFee);
    }

    /** Every rate through {@code change}, in one place so that a rate added later cannot be left out of one copy. */
    private ModelPrice withRates(UnaryOperator<BigDecimal> change, ModelLimits newLimits, ProviderFee newFee) {
        return new ModelPrice(
                change.apply(prompt),
                change.apply(completion),
                change.apply(request),
                change.apply(image),
                change.apply(webSearch),
                change.apply(internalReasoning),
                change.apply(cacheRead),
                change.apply(cacheWrite),
                newLimits,
                newFee);
    }

    /**
     * Whether tokens can be billed at this price: some token rate is known. Routstr charges the whole reservation when
     * either rate is zero, which overcharges models that price only one side (an embedding model has no completion
     * rate); here only a price with no token rate at all falls back to the reservation.
     */
    public boolean hasTokenRates() {
        return prompt.signum() > 0 || completion.signum() > 0;
    }

    private static BigDecimal rate(BigDecimal value, String name) {
        Objects.requireNonNull(value, name);
        if (value.signum() < 0) {
            throw new IllegalArgumentException(name + " price cannot be negative: " + value);
        }
        return value.stripTrailingZeros();
    }

    /**
     * Builds a {@link ModelPrice} from catalogue rates, no fee applied yet; unset rates are zero, except the cache rates,
     * which default to the prompt rate.
     */
    public static final class Builder {
        private BigDecimal prompt = BigDecimal.ZERO;
        private BigDecimal completion = BigDecimal.ZERO;
        private BigDecimal request = BigDecimal.ZERO;
        private BigDecimal image = BigDecimal.ZERO;
        private BigDecimal webSearch = BigDecimal.ZERO;
        private BigDecimal internalReasoning = BigDecimal.ZERO;
        private BigDecimal cacheRead;
        private BigDecimal cacheWrite;
        private ModelLimits limits = ModelLimits.NONE;

        private Builder() {}

        public Builder prompt(BigDecimal usdPerToken) {
            this.prompt = usdPerToken;
            return this;
        }

        public Builder completion(BigDecimal usdPerToken) {
            this.completion = usdPerToken;
            return this;
        }

        public Builder request(BigDecimal usdPerRequest) {
            this.request = usdPerRequest;
            return this;
        }

        public Builder image(BigDecimal usdPerImage) {
            this.image = usdPerImage;
            return this;
        }

        public Builder webSearch(BigDecimal usdPerSearch) {
            this.webSearch = usdPerSearch;
            return this;
        }

        public Builder internalReasoning(BigDecimal usdPerToken) {
            this.internalReasoning = usdPerToken;
            return this;
        }

        /** The cache-read rate; {@code null} means unknown, billed at the prompt rate. */
        public Builder cacheRead(BigDecimal usdPerToken) {
            this.cacheRead = usdPerToken;
            return this;
        }

        /** The cache-write rate; {@code null} means unknown, billed at the prompt rate. */
        public Builder cacheWrite(BigDecimal usdPerToken) {
            this.cacheWrite = usdPerToken;
            return this;
        }

        public Builder limits(ModelLimits limits) {
            this.limits = limits;
            return this;
        }

        public ModelPrice build() {
            return new ModelPrice(
                    prompt,
                    completion,
                    request,
                    image,
                    webSearch,
                    internalReasoning,
                    cacheRead == null ? prompt : cacheRead,
                    cacheWrite == null ? prompt : cacheWrite,
                    limits,
                    ProviderFee.NONE);
        }
    }
}
