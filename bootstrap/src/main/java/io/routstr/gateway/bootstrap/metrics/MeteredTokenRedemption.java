package io.routstr.gateway.bootstrap.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.routstr.gateway.application.service.wallet.TokenRedemption;
import io.routstr.gateway.domain.ecash.TokenFingerprint;
import io.routstr.gateway.domain.mint.MintUrl;
import io.routstr.gateway.domain.money.Msats;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Metrics around redeeming clients' Cashu tokens: msats and tokens redeemed per mint
 * ({@code routstr_ecash_redeemed_msats_total}, {@code routstr_ecash_redemptions_total}) and failures per mint and
 * reason. A failed token's mint is read offline; a mint the node does not trust is tagged {@code untrusted}, so that
 * clients cannot create series with made-up mint URLs. Never a token or its hash.
 */
public final class MeteredTokenRedemption implements TokenRedemption {

    private final TokenRedemption delegate;
    private final MeterRegistry registry;
    private final Set<MintUrl> trustedMints;

    public MeteredTokenRedemption(TokenRedemption delegate, MeterRegistry registry, Set<MintUrl> trustedMints) {
        this.delegate = delegate;
        this.registry = registry;
        this.trustedMints = Set.copyOf(trustedMints);
    }

    @Override
    public RedemptionResult redeem(String token) {
        return counted(token, delegate.redeem(token));
    }

    @Override
    public RedemptionResult redeem(String token, Consumer<RedemptionResult.Redeemed> inSameCommit) {
        return counted(token, delegate.redeem(token, inSameCommit));
    }

    private RedemptionResult counted(String token, RedemptionResult result) {
        switch (result) {
            case RedemptionResult.Redeemed redeemed -> {
                String mint = redeemed.mint().value();
                Counter.builder("routstr.ecash.redeemed.msats")
                        .description("Msats credited from redeemed Cashu tokens, net of mint fees")
                        .baseUnit("msats")
                        .tags("mint", mint, "unit", redeemed.unit().code())
                        .register(registry)
                        .increment(redeemed.credited().value());
                redemptions(mint, "redeemed");
            }
            case RedemptionResult.Failed failed ->
                redemptions(mintOf(token), failed.failure().name().toLowerCase(Locale.ROOT));
        }
        return result;
    }

    private void redemptions(String mint, String outcome) {
        Counter.builder("routstr.ecash.redemptions")
                .description("Cashu token redemptions by mint and outcome")
                .tags("mint", mint, "outcome", outcome)
                .register(registry)
                .increment();
    }

    private String mintOf(String token) {
        return delegate.originOf(token)
                .map(TokenOrigin::mint)
                .filter(trustedMints::contains)
                .map(MintUrl::value)
                .orElse("untrusted");
    }

    @Override
    public LookUpResult lookUp(TokenFingerprint tokenHash) {
        return delegate.lookUp(tokenHash);
    }

    @Override
    public Optional<TokenOrigin> originOf(String token) {
        return delegate.originOf(token);
    }

    @Override
    public Optional<Msats> faceValueOf(String token) {
        return delegate.faceValueOf(token);
    }
}
