package io.routstr.gateway.domain.reservation;

import java.util.Objects;
import java.util.UUID;

/**
 * Identity of one running gateway instance, new at every start. A reservation names the instance serving its request,
 * so that the sweep frees only the holds of instances that stopped beating.
 */
public record InstanceId(UUID value) {

    public InstanceId {
        Objects.requireNonNull(value, "instance id");
    }

    public static InstanceId random() {
        return new InstanceId(UUID.randomUUID());
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
