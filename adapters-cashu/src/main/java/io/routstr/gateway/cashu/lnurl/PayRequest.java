package io.routstr.gateway.cashu.lnurl;

import com.fasterxml.jackson.databind.JsonNode;
import io.routstr.gateway.application.port.out.LightningAddressPort.Reason;
import io.routstr.gateway.application.port.out.LightningAddressPort.SendableRange;
import io.routstr.gateway.domain.money.Msats;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/** The parts of an LNURL-pay first response (LUD-06) the node acts on: where to ask for the invoice, and how much. */
record PayRequest(URI callback, SendableRange sendable) {

    private static final String PAY_TAG = "payRequest";

    PayRequest {
        Objects.requireNonNull(callback, "callback");
        Objects.requireNonNull(sendable, "sendable");
    }

    static Attempt<PayRequest> from(JsonNode json) {
        JsonNode tag = json.path("tag");
        if (!tag.isTextual()) {
            return Attempt.refuse(Reason.BAD_RESPONSE, "the service did not answer with an LNURL-pay request");
        }
        if (!tag.textValue().equals(PAY_TAG)) {
            return Attempt.refuse(
                    Reason.INVALID_ADDRESS,
                    "this LNURL is a " + ServiceText.clean(tag.textValue()) + ", not a pay link");
        }
        JsonNode callback = json.path("callback");
        if (!callback.isTextual()) {
            return Attempt.refuse(Reason.BAD_RESPONSE, "the pay request has no callback URL");
        }
        Optional<Msats> min = msats(json.path("minSendable"));
        Optional<Msats> max = msats(json.path("maxSendable"));
        if (min.isEmpty() || max.isEmpty() || min.get().isGreaterThan(max.get())) {
            return Attempt.refuse(Reason.BAD_RESPONSE, "the pay request has no valid minSendable/maxSendable");
        }
        return switch (PayLinks.url(callback.textValue())) {
            case Attempt.Failed<URI>(var refusal) ->
                Attempt.refuse(Reason.BAD_RESPONSE, "the pay request's callback is unusable: " + refusal.message());
            case Attempt.Ok<URI>(var uri) -> Attempt.ok(new PayRequest(uri, new SendableRange(min.get(), max.get())));
        };
    }

    /** LUD-06 amounts are integer millisatoshis; a fraction or a negative number is a broken service. */
    private static Optional<Msats> msats(JsonNode node) {
        if (!node.isNumber() || !node.canConvertToExactIntegral() || !node.canConvertToLong()) {
            return Optional.empty();
        }
        long value = node.longValue();
        return value < 0 ? Optional.empty() : Optional.of(Msats.of(value));
    }
}
