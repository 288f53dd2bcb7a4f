package io.routstr.gateway.cashu.lnurl;

import io.routstr.gateway.application.port.out.LightningAddressPort.InvoiceResult.Refused;
import io.routstr.gateway.application.port.out.LightningAddressPort.Reason;
import java.util.Objects;

/** One step of an LNURL resolution: a value to go on with, or the refusal that ends it. */
sealed interface Attempt<T> {

    record Ok<T>(T value) implements Attempt<T> {
        public Ok {
            Objects.requireNonNull(value, "value");
        }
    }

    record Failed<T>(Refused refusal) implements Attempt<T> {
        public Failed {
            Objects.requireNonNull(refusal, "refusal");
        }
    }

    static <T> Attempt<T> ok(T value) {
        return new Ok<>(value);
    }

    static <T> Attempt<T> refuse(Reason reason, String message) {
        return new Failed<>(new Refused(reason, message));
    }
}
