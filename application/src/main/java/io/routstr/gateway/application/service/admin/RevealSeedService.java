package io.routstr.gateway.application.service.admin;

import io.routstr.gateway.application.port.in.admin.AdminAccessUseCase;
import io.routstr.gateway.application.port.in.admin.RevealSeedUseCase;
import io.routstr.gateway.application.service.wallet.EcashWallet;

/** Hands out the wallet seed's mnemonic to an operator who has just typed the password again. */
public record RevealSeedService(AdminAccessUseCase access, EcashWallet wallet) implements RevealSeedUseCase {

    @Override
    public SeedOutcome reveal(String password) {
        if (!access.confirmPassword(password)) {
            return new SeedOutcome.WrongPassword();
        }
        return new SeedOutcome.Revealed(wallet.exportMnemonic());
    }
}
