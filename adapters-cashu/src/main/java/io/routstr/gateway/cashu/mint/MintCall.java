package io.routstr.gateway.cashu.mint;

import io.routstr.gateway.application.port.out.MintPort.Refusal;
import io.routstr.gateway.application.port.out.MintPort.RefusalKind;
import java.util.Objects;
import java.util.function.Function;

/**
 * Result of one call to a mint. {@link Unreachable} means the request certainly had no effect (no connection, circuit
 * open, bulkhead full); {@link OutcomeUnknown} means it may have been processed (timeout or cut connection after the
 * request was sent, a 5xx), which a swap or melt must then settle by restore (NUT-09) and checkstate (NUT-07).
 */
public sealed interface MintCall<T> {

    record Ok<T>(T value) implements MintCall<T> {
        public Ok {
            Objects.requireNonNull(value, "value");
        }
    }

    record Rejected<T>(Refusal error) implements MintCall<T> {
        public Rejected {
            Objects.requireNonNull(error, "error");
        }
    }

    record Unreachable<T>(String reason) implements MintCall<T> {}

    record OutcomeUnknown<T>(String reason) implements MintCall<T> {}

    /** The same result with an {@link Ok} value transformed; a malformed value becomes {@link Rejected}. */
    default <R> MintCall<R> map(Function<? super T, ? extends R> mapper) {
        return switch (this) {
            case Ok<T> ok -> {
                try {
                    yield new Ok<>(mapper.apply(ok.value()));
                } catch (RuntimeException malformed) {
                    yield new Rejected<>(new Refusal(
                            RefusalKind.MALFORMED_RESPONSE, -1, "malformed mint response: " + malformed.getMessage()));
                }
            }
            case Rejected<T> r -> new Rejected<>(r.error());
            case Unreachable<T> u -> new Unreachable<>(u.reason());
            case OutcomeUnknown<T> u -> new OutcomeUnknown<>(u.reason());
        };
    }
}
