package io.routstr.gateway.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.fake.FakeTokenWallet;
import io.routstr.gateway.application.fake.InMemoryAccounts;
import io.routstr.gateway.application.fake.InMemoryEcashPayments;
import io.routstr.gateway.application.fake.InMemoryTokenKeyOpenings;
import io.routstr.gateway.application.fake.InMemoryTokenRedemptions;
import io.routstr.gateway.application.fake.MutableClock;
import io.routstr.gateway.application.port.in.payment.OpenKeyWithTokenUseCase.TokenKeyOutcome;
import io.routstr.gateway.application.port.in.payment.TopUpWithEcashUseCase.TopUpCommand;
import io.routstr.gateway.application.port.in.payment.TopUpWithEcashUseCase.TopUpOutcome;
import io.routstr.gateway.domain.ecash.RedemptionFailure;
import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.mint.MintUrl;
import io.routstr.gateway.domain.money.Msats;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Top-ups keep a key's balance owed at one mint: the mint whose ecash backs it. */
class TopUpWithEcashServiceTest {

    private static final MintUrl OTHER_MINT = MintUrl.of("http://other-mint.test");

    private final MutableClock clock = MutableClock.at("2026-03-10T12:00:00Z");
    private final InMemoryAccounts accounts = new InMemoryAccounts();
    private final FakeTokenWallet wallet = new FakeTokenWallet();
    private final InMemoryTokenRedemptions redemptions = new InMemoryTokenRedemptions();
    private final FundApiKeyService fund = new FundApiKeyService(accounts, accounts, clock);
    private final InMemoryEcashPayments payments = new InMemoryEcashPayments();
    private final InMemoryTokenKeyOpenings openings = new InMemoryTokenKeyOpenings(accounts, redemptions, payments);
    private final TokenDeposits deposits = new TokenDeposits(
            redemptions, wallet, fund, openings, payments, clock, TokenDeposits.DEFAULT_CLAIM_TIMEOUT);
    private final OpenKeyWithTokenService open = new OpenKeyWithTokenService(accounts, deposits);
    private final TopUpWithEcashService topUp = new TopUpWithEcashService(accounts, wallet, deposits);

    @AfterEach
    void ledgerHolds() {
        assertThat(accounts.balanceReport().holds()).isTrue();
    }

    private ApiKey keyOpenedAt(MintUrl mint) {
        return ((TokenKeyOutcome.Opened) open.open(wallet.issueAt(mint, 10))).key();
    }

    @Test
    void aTokenOfTheKeysOwnMintTopsItUp() {
        ApiKey key = keyOpenedAt(FakeTokenWallet.MINT);

        TopUpOutcome outcome = topUp.topUp(new TopUpCommand(key.id(), wallet.issueAt(FakeTokenWallet.MINT, 5)));

        assertThat(outcome).isEqualTo(new TopUpOutcome.ToppedUp(Msats.ofSats(5)));
    }

    @Test
    void aTokenOfAnotherMintIsRefusedBeforeItIsRedeemed() {
        ApiKey key = keyOpenedAt(FakeTokenWallet.MINT);
        int redemptionsBefore = wallet.calls();

        TopUpOutcome outcome = topUp.topUp(new TopUpCommand(key.id(), wallet.issueAt(OTHER_MINT, 5)));

        assertThat(outcome)
                .isEqualTo(new TopUpOutcome.Rejected(
                        RedemptionFailure.MINT_MISMATCH, RedemptionFailure.MINT_MISMATCH.clientMessage()));
        assertThat(wallet.calls()).as("the token stays the client's").isEqualTo(redemptionsBefore);
        assertThat(accounts.findById(key.id()).orElseThrow().balance()).isEqualTo(Msats.ofSats(10));
    }
}
