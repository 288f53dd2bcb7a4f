package io.routstr.gateway.application.service;

import static io.routstr.gateway.domain.key.ApiKeyBuilder.anApiKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.fake.InMemoryAccounts;
import io.routstr.gateway.application.port.in.wallet.ViewWalletBalancesUseCase.MintBalance;
import io.routstr.gateway.application.service.wallet.EcashWallet;
import io.routstr.gateway.application.service.wallet.EcashWallet.ProofBalance;
import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.key.RefundTarget;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import io.routstr.gateway.domain.money.Msats;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ViewWalletBalancesServiceTest {

    private static final MintUrl MINT = MintUrl.of("http://mint.test");

    private final InMemoryAccounts accounts = new InMemoryAccounts();

    /** A wallet that only answers {@code balances()}: nothing else is needed here. */
    private static EcashWallet walletHolding(List<ProofBalance> balances) {
        return (EcashWallet) Proxy.newProxyInstance(
                EcashWallet.class.getClassLoader(), new Class<?>[] {EcashWallet.class}, (proxy, method, args) -> {
                    if (method.getName().equals("balances")) {
                        return balances;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void ownerFundsAreProofsBeyondWhatCustomersAreOwedWithFractionsOfASatKept() {
        ApiKey key = accounts.createIfAbsent(anApiKey()
                .withRefundTarget(RefundTarget.to(MINT, CurrencyUnit.SAT))
                .build());
        accounts.credit(key.id(), Msats.of(10_500), "deposit", Instant.now());
        var service = new ViewWalletBalancesService(
                walletHolding(List.of(new ProofBalance(MINT, CurrencyUnit.SAT, 30, 2))), accounts);

        assertThat(service.balances())
                .containsExactly(new MintBalance(MINT, CurrencyUnit.SAT, 32, 2, Msats.of(10_500), 21));
    }

    @Test
    void aMintOwingMoreThanItHoldsShowsNegativeOwnerFunds() {
        ApiKey key = accounts.createIfAbsent(anApiKey()
                .withRefundTarget(RefundTarget.to(MINT, CurrencyUnit.SAT))
                .build());
        accounts.credit(key.id(), Msats.ofSats(5), "deposit", Instant.now());

        assertThat(new ViewWalletBalancesService(walletHolding(List.of()), accounts).balances())
                .containsExactly(new MintBalance(MINT, CurrencyUnit.SAT, 0, 0, Msats.ofSats(5), -5));
    }
}
