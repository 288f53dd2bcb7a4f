package io.routstr.gateway.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.fake.ScriptedEcashWallet;
import io.routstr.gateway.application.port.out.LightningAddressPort.InvoiceResult;
import io.routstr.gateway.application.service.Payouts.PayoutResult;
import io.routstr.gateway.application.service.wallet.EcashWallet.Failure;
import io.routstr.gateway.application.service.wallet.EcashWallet.FailureKind;
import io.routstr.gateway.application.service.wallet.EcashWallet.Melted;
import io.routstr.gateway.domain.ecash.QuoteId;
import io.routstr.gateway.domain.key.RefundTarget;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import io.routstr.gateway.domain.money.Msats;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Refund payouts through the wallet and a refund address, decided in the application over the two ports. */
class WalletPayoutsTest {

    private static final MintUrl MINT = MintUrl.of("https://mint.example");

    private final ScriptedEcashWallet wallet = new ScriptedEcashWallet();
    private final List<Msats> invoicesAskedFor = new ArrayList<>();

    private final WalletPayouts payouts = new WalletPayouts(wallet, (address, amount) -> {
        invoicesAskedFor.add(amount);
        return new InvoiceResult.Invoice("lnbc-refund", amount);
    });

    @Test
    void aLightningRefund_asksTheAddressForTheBalanceLessTheRoutingFeeAllowance_andMeltsToIt() {
        RefundTarget target =
                RefundTarget.to(MINT, CurrencyUnit.SAT).withLightningAddress("alice@wallet.example", Instant.EPOCH);

        wallet.melting(new Melted(QuoteId.of("quote-1"), 989, 2, 9, Optional.empty()));

        PayoutResult result = payouts.pay(target, Msats.ofSats(1_000), "refund:1");

        assertThat(invoicesAskedFor).containsExactly(Msats.ofSats(1_000 - 11));
        assertThat(wallet.calls()).containsExactly("melt");
        assertThat(result).isInstanceOf(PayoutResult.Paid.class);
    }

    @Test
    void aTokenRefundWhoseProofsAreInFlight_isTemporarilyUnavailable() {
        wallet.sending(Failure.of(FailureKind.FUNDS_IN_FLIGHT, "busy"));

        PayoutResult result = payouts.pay(RefundTarget.to(MINT, CurrencyUnit.SAT), Msats.ofSats(10), "refund:2");

        assertThat(wallet.calls()).containsExactly("send");
        assertThat(result).isInstanceOf(PayoutResult.TemporarilyUnavailable.class);
        assertThat(invoicesAskedFor).isEmpty();
    }
}
