package io.routstr.gateway.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.fake.FakeLlmRequests;
import io.routstr.gateway.application.fake.FakeTokenWallet;
import io.routstr.gateway.application.port.in.payment.CheckEcashPaymentUseCase.Check;
import io.routstr.gateway.application.port.in.proxy.FindModelRoutesUseCase;
import io.routstr.gateway.application.port.in.proxy.RequestCostBasis;
import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.domain.pricing.BtcUsdRate;
import io.routstr.gateway.domain.pricing.MaxCostEstimator;
import io.routstr.gateway.domain.pricing.ModelLimits;
import io.routstr.gateway.domain.pricing.ModelPrice;
import io.routstr.gateway.domain.pricing.PricingPolicy;
import io.routstr.gateway.domain.pricing.ProviderFee;
import io.routstr.gateway.domain.provider.ModelDescription;
import io.routstr.gateway.domain.provider.ModelRoute;
import io.routstr.gateway.domain.provider.ProviderId;
import io.routstr.gateway.domain.provider.ProviderType;
import io.routstr.gateway.domain.provider.UpstreamProvider;
import io.routstr.gateway.domain.proxy.LlmRequest;
import io.routstr.gateway.domain.proxy.ModelId;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The offline check of an X-Cashu request before its token is redeemed. */
class CheckEcashPaymentServiceTest {

    // 1 USD = 1000 sats; 0.001 USD (1000 msats) per token on a 20-token context: 20 001 msats at most.
    private static final BtcUsdRate RATE = BtcUsdRate.of("100000");

    private final FakeTokenWallet wallet = new FakeTokenWallet();
    private final ModelRoute route = route();
    private final CheckEcashPaymentService service = new CheckEcashPaymentService(
            new OneModel(route), () -> Optional.of(RATE), wallet, new MaxCostEstimator(PricingPolicy.DEFAULT));

    private static ModelRoute route() {
        ModelPrice price = ModelPrice.builder()
                .prompt(new BigDecimal("0.001"))
                .completion(new BigDecimal("0.001"))
                .limits(ModelLimits.of(20, 10))
                .build();
        UpstreamProvider provider = new UpstreamProvider(
                new ProviderId("a"),
                ProviderType.GENERIC,
                "https://a.example.com/v1",
                Optional.empty(),
                ProviderFee.NONE,
                true,
                Optional.empty());
        return new ModelRoute(ModelId.of("m"), "m", provider, price, ModelDescription.minimal("m"));
    }

    private static LlmRequest chat(String model) {
        return FakeLlmRequests.chat(model, false);
    }

    private Check check(String token, LlmRequest request) {
        return service.check(token, request, Map.of());
    }

    @Test
    void aTokenWorthLessThanTheMaximumCostIsTooSmall_oneThatCoversItProceeds() {
        assertThat(check(wallet.issue(20), chat("m"))).isInstanceOfSatisfying(Check.TokenTooSmall.class, small -> {
            assertThat(small.faceValue()).isEqualTo(Msats.ofSats(20));
            assertThat(small.required()).isEqualTo(Msats.of(20_001));
        });
        assertThat(check(wallet.issue(21), chat("m"))).isInstanceOf(Check.Proceed.class);
        assertThat(wallet.calls()).as("nothing redeemed").isZero();
    }

    @Test
    void aTokenThatProceedsCarriesTheBasisItWasCheckedOn_forForwardingToHoldTheSameBound() {
        LlmRequest request = chat("m");

        assertThat(check(wallet.issue(21), request))
                .isInstanceOfSatisfying(
                        Check.Proceed.class,
                        proceed -> assertThat(proceed.costBasis())
                                .contains(new RequestCostBasis(request.shape(), Optional.of(RATE))));
    }

    @Test
    void anUnknownModelOrAnUnknownPathIsRefused() {
        String token = wallet.issue(1_000);

        assertThat(check(token, chat("other"))).isInstanceOf(Check.UnknownModel.class);
        assertThat(service.check(token, chat("m"), Map.of("x-routstr-model-path", List.of("url=nowhere&model-id=m"))))
                .isInstanceOf(Check.InvalidRequest.class);
    }

    @Test
    void aTokenThisNodeCannotReadIsLeftToItsRedemptionToRefuse() {
        assertThat(check("cashuBnot-a-token", chat("other"))).isInstanceOf(Check.Proceed.class);
    }

    private record OneModel(ModelRoute route) implements FindModelRoutesUseCase {
        @Override
        public List<ModelRoute> candidates(ModelId requestedModel) {
            return requestedModel.equals(route.modelId()) ? List.of(route) : List.of();
        }

        @Override
        public List<ModelRoute> advertised() {
            return List.of(route);
        }

        @Override
        public List<ModelId> aliases(ModelRoute route) {
            return List.of();
        }
    }
}
