package io.routstr.gateway.domain.key;

import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import io.routstr.gateway.domain.money.Msats;
import java.time.Instant;
import java.util.Optional;

/** Test data builder: {@code anApiKey().withBalance(Msats.of(10_000)).build()}. */
public final class ApiKeyBuilder {

    public static final RefundTarget TEST_MINT_SATS = RefundTarget.to(MintUrl.of("http://mint.test"), CurrencyUnit.SAT);

    private ApiKeyId id = ApiKeyId.random();
    private ApiKeySecret secret = ApiKeySecret.generate();
    private Msats balance = Msats.ZERO;
    private Optional<BalanceLimit> limit = Optional.empty();
    private Optional<Instant> validUntil = Optional.empty();
    private Optional<ApiKeyId> parent = Optional.empty();
    private RefundTarget refundTarget = TEST_MINT_SATS;
    private Instant createdAt = Instant.parse("2026-01-01T00:00:00Z");

    private ApiKeyBuilder() {}

    public static ApiKeyBuilder anApiKey() {
        return new ApiKeyBuilder();
    }

    public ApiKeyBuilder withSecret(ApiKeySecret value) {
        this.secret = value;
        return this;
    }

    public ApiKeyBuilder withBalance(Msats value) {
        this.balance = value;
        return this;
    }

    public ApiKeyBuilder withLimit(Msats value, LimitResetPeriod period) {
        this.limit = Optional.of(new BalanceLimit(value, period, createdAt));
        return this;
    }

    public ApiKeyBuilder validUntil(Instant value) {
        this.validUntil = Optional.of(value);
        return this;
    }

    public ApiKeyBuilder childOf(ApiKey value) {
        this.parent = Optional.of(value.id());
        this.refundTarget = value.refundTarget();
        return this;
    }

    public ApiKeyBuilder withRefundTarget(RefundTarget value) {
        this.refundTarget = value;
        return this;
    }

    public ApiKeyBuilder createdAt(Instant value) {
        this.createdAt = value;
        return this;
    }

    public ApiKeySecret secret() {
        return secret;
    }

    /** The key as stored before any money moved; fund it through the balance port. */
    public ApiKey build() {
        return new ApiKey(
                id,
                secret.hash(),
                balance,
                Msats.ZERO,
                Msats.ZERO,
                Msats.ZERO,
                0,
                parent,
                limit,
                validUntil,
                refundTarget,
                createdAt);
    }
}
