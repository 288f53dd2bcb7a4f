package io.routstr.gateway.domain.ledger;

import io.routstr.gateway.domain.usage.TokenUsage;
import java.util.Objects;
import java.util.Optional;

/**
 * What a charge paid for, booked with it so that usage can be reported per model from the ledger: the model the client
 * asked for (the node's public id), the provider that served it, and the tokens it used.
 *
 * @param model the node's public model id; empty when the charge is not for a model (then nothing else is booked)
 * @param provider the serving provider's label; empty when unknown
 */
public record ChargeDetails(Optional<String> model, Optional<String> provider, TokenUsage usage) {

    /** A charge booked without what it paid for. */
    public static final ChargeDetails NONE = new ChargeDetails(Optional.empty(), Optional.empty(), TokenUsage.NONE);

    /** The longest model id or provider label booked; longer ones are cut, a report needs no more. */
    public static final int MAX_NAME_LENGTH = 200;

    public ChargeDetails {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(usage, "usage");
        model = model.filter(m -> !m.isBlank()).map(ChargeDetails::cut);
        provider = provider.filter(p -> !p.isBlank()).map(ChargeDetails::cut);
    }

    /** A charge for {@code usage} of {@code model} served by {@code provider}. */
    public static ChargeDetails of(String model, String provider, TokenUsage usage) {
        return new ChargeDetails(Optional.ofNullable(model), Optional.ofNullable(provider), usage);
    }

    private static String cut(String name) {
        return name.length() > MAX_NAME_LENGTH ? name.substring(0, MAX_NAME_LENGTH) : name;
    }
}
