package io.routstr.gateway.application.service;

import io.routstr.gateway.application.port.in.payment.CheckEcashPaymentUseCase;
import io.routstr.gateway.application.port.in.proxy.FindModelRoutesUseCase;
import io.routstr.gateway.application.port.in.proxy.RequestCostBasis;
import io.routstr.gateway.application.port.out.ExchangeRatePort;
import io.routstr.gateway.application.service.wallet.TokenRedemption;
import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.domain.pricing.BtcUsdRate;
import io.routstr.gateway.domain.pricing.MaxCostEstimator;
import io.routstr.gateway.domain.pricing.RequestShape;
import io.routstr.gateway.domain.pricing.ReservationBound;
import io.routstr.gateway.domain.provider.ModelPath;
import io.routstr.gateway.domain.provider.ModelRoute;
import io.routstr.gateway.domain.proxy.ApiEndpoint;
import io.routstr.gateway.domain.proxy.LlmRequest;
import io.routstr.gateway.domain.proxy.ModelId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks an {@code X-Cashu} request offline before its token is redeemed (Routstr §3.3): the same model, body and path
 * checks that forwarding makes first, and the token's face value against the maximum cost of the route forwarding
 * would hold first. A request billed per request ({@link ApiEndpoint#billedPerRequest()}) or that nothing bounds is left to the
 * forwarding, which refuses it after redemption with the change returned.
 */
public record CheckEcashPaymentService(
        FindModelRoutesUseCase catalog, ExchangeRatePort rates, TokenRedemption tokens, MaxCostEstimator estimator)
        implements CheckEcashPaymentUseCase {

    @Override
    public Check check(String token, LlmRequest request, Map<String, List<String>> headers) {
        Optional<Msats> faceValue = tokens.faceValueOf(token);
        if (faceValue.isEmpty()) {
            // Not a token this node can read: its redemption says why, as it would for any bad token.
            return new Check.Proceed();
        }
        ModelId model = request.model();
        List<ModelRoute> routes = catalog.candidates(model);
        if (routes.isEmpty()) {
            return new Check.UnknownModel(model);
        }
        Optional<String> pinned = ModelPathHeader.of(headers);
        if (pinned.isPresent()) {
            routes = ModelPath.pin(routes, pinned.get());
            if (routes.isEmpty()) {
                return new Check.InvalidRequest("Model path '" + pinned.get() + "' does not serve model '" + model
                        + "'; GET /v1/models/paths lists the paths of every model");
            }
        }
        Optional<BtcUsdRate> rate = rates.current();
        if (rate.isEmpty()) {
            return new Check.PriceUnavailable();
        }
        if (request.endpoint().billedPerRequest()) {
            return new Check.Proceed();
        }
        RequestShape shape = request.shape();
        // Forwarding holds with this same basis: what is checked here is what is held.
        Check.Proceed proceed = new Check.Proceed(Optional.of(new RequestCostBasis(shape, rate)));
        for (ModelRoute route : routes) {
            if (estimator.bound(route.price(), rate.get(), shape) instanceof ReservationBound.Bounded bounded) {
                // The first bounded route is the one forwarding holds first.
                return bounded.amount().isGreaterThan(faceValue.get())
                        ? new Check.TokenTooSmall(model, bounded.amount(), faceValue.get())
                        : proceed;
            }
        }
        return proceed;
    }
}
