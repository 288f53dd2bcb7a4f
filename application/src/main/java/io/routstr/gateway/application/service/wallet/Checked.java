package io.routstr.gateway.application.service.wallet;

import io.routstr.gateway.application.port.out.MintPort.Call;
import io.routstr.gateway.application.service.wallet.EcashWallet.Failure;
import io.routstr.gateway.application.service.wallet.EcashWallet.FailureKind;
import java.util.Objects;

/**
 * A value a wallet step needs (a keyset, the fee table, verified inputs), or the failure that ends the operation
 * there. Steps return it instead of throwing, so every refusal reaches the caller as the value it is.
 */
sealed interface Checked<T> {

    record Value<T>(T value) implements Checked<T> {}

    record Refusal<T>(Failure failure) implements Checked<T> {
        public Refusal {
            Objects.requireNonNull(failure, "failure");
        }
    }

    static <T> Checked<T> refused(Failure failure) {
        return new Refusal<>(failure);
    }

    static <T> Checked<T> refused(FailureKind kind, String detail) {
        return new Refusal<>(Failure.of(kind, detail));
    }

    /** The value of a mint's answer, or why there is none. */
    static <T> Checked<T> of(Call<T> call) {
        return call instanceof Call.Ok<T>(T value) ? new Value<>(value) : refused(WalletSteps.refusal(call));
    }

    /** The failure of a {@link Refusal}; a caller asks only after it found no {@link Value}. */
    default Failure refusal() {
        return switch (this) {
            case Refusal<T> refusal -> refusal.failure();
            case Value<T> value -> throw new IllegalStateException("a value is no refusal");
        };
    }
}
