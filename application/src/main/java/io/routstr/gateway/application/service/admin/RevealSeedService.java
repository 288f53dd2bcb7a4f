package io.routstr.gateway.application.service.admin;

import io.routstr.gateway.application.port.in.admin.AdminAccessUseCase;
import io.routstr.gateway.application.port.in.admin.RevealSeedUseCase;
import io.routstr.gateway.application.service.wallet.EcashWallet;
import java.util.Objects;

/** Hands out the wallet seed's mnemonic to an operator who has just typed the password again. */
public final class RevealSeedService implements RevealSeedUseCase {

    private final AdminAccessUseCase access;
    private final EcashWallet wallet;

    public RevealSeedService(AdminAccessUseCase access, EcashWallet wallet) {
        this.access = Objects.requireNonNull(access, "access");
        this.wallet = Objects.requireNonNull(wallet, "wallet");
    }

    @Override
    public SeedOutcome reveal(String password) {
        if (!access.confirmPassword(password)) {
            return new SeedOutcome.WrongPassword();
        }
        return new SeedOutcome.Revealed(wallet.exportMnemonic());
    }
}
