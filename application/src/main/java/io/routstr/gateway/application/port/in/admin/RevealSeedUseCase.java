package io.routstr.gateway.application.port.in.admin;

/**
 * Use case: the wallet seed's BIP-39 mnemonic (NUT-13), the one thing that restores every proof the node ever held,
 * shown only to an operator who types the password again.
 */
public interface RevealSeedUseCase {

    SeedOutcome reveal(String password);

    /** What a reveal came to. */
    sealed interface SeedOutcome {
        record Revealed(String mnemonic) implements SeedOutcome {
            @Override
            public String toString() {
                return "Revealed[hidden]";
            }
        }

        record WrongPassword() implements SeedOutcome {}
    }
}
