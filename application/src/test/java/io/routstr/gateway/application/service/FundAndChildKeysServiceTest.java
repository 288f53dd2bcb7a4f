package io.routstr.gateway.application.service;

import static io.routstr.gateway.domain.key.ApiKeyBuilder.TEST_MINT_SATS;
import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.fake.InMemoryAccounts;
import io.routstr.gateway.application.fake.MutableClock;
import io.routstr.gateway.application.port.in.key.ChildKeysOutcome;
import io.routstr.gateway.application.port.in.key.CreateChildKeysCommand;
import io.routstr.gateway.application.port.in.key.FundApiKeyCommand;
import io.routstr.gateway.application.port.in.key.FundOutcome;
import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.key.ApiKeySecret;
import io.routstr.gateway.domain.money.Msats;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FundAndChildKeysServiceTest {

    private final MutableClock clock = MutableClock.at("2026-03-10T12:00:00Z");
    private final InMemoryAccounts accounts = new InMemoryAccounts();
    private final BillingPolicy policy = new BillingPolicy(Msats.of(1), Duration.ofMinutes(5), Msats.of(100), 100);
    private final FundApiKeyService fund = new FundApiKeyService(accounts, accounts, clock);
    private final CreateChildKeysService children =
            new CreateChildKeysService(accounts, accounts, clock, policy, StandingHoldsService.off(accounts, clock));

    @AfterEach
    void ledgerHolds() {
        assertThat(accounts.balanceReport().holds()).isTrue();
    }

    private FundOutcome deposit(ApiKeySecret secret, long msats, String reference) {
        return fund.fund(FundApiKeyCommand.deposit(secret.hash(), Msats.of(msats), TEST_MINT_SATS, reference));
    }

    @Test
    void theFirstDepositCreatesTheKeyAndTheSameDepositAgainChangesNothing() {
        ApiKeySecret secret = ApiKeySecret.derivedFromToken("cashuBtoken");

        FundOutcome first = deposit(secret, 21_000, "token:1");
        FundOutcome again = deposit(secret, 21_000, "token:1");

        assertThat(first).isInstanceOf(FundOutcome.Funded.class);
        assertThat(again).isInstanceOf(FundOutcome.AlreadyFunded.class);
        assertThat(again.key().id()).isEqualTo(first.key().id());
        assertThat(again.key().balance()).isEqualTo(Msats.of(21_000));
    }

    @Test
    void aChildKeysDepositGoesToItsParent() {
        ApiKeySecret parentSecret = ApiKeySecret.generate();
        ApiKey parent = deposit(parentSecret, 10_000, "token:p").key();
        ChildKeysOutcome.Created created = (ChildKeysOutcome.Created)
                children.create(new CreateChildKeysCommand(parent.id(), 1, Optional.empty(), Optional.empty()));

        FundOutcome topUp = deposit(created.secrets().getFirst(), 5_000, "token:c");

        assertThat(topUp.key().id()).isEqualTo(parent.id());
        assertThat(topUp.key().balance()).isEqualTo(Msats.of(14_900));
    }

    @Test
    void childKeysCostTheirParentAndCannotHaveChildren() {
        ApiKey parent = deposit(ApiKeySecret.generate(), 1_000, "token:p").key();

        ChildKeysOutcome outcome =
                children.create(new CreateChildKeysCommand(parent.id(), 3, Optional.empty(), Optional.empty()));

        assertThat(outcome).isInstanceOfSatisfying(ChildKeysOutcome.Created.class, created -> {
            assertThat(created.secrets()).hasSize(3);
            assertThat(created.cost()).isEqualTo(Msats.of(300));
            assertThat(created.parentSpendable()).isEqualTo(Msats.of(700));
        });
        ApiKey child = accounts.findChildren(parent.id()).getFirst();
        assertThat(children.create(new CreateChildKeysCommand(child.id(), 1, Optional.empty(), Optional.empty())))
                .isInstanceOf(ChildKeysOutcome.ParentIsChild.class);
    }

    @Test
    void childKeysTheParentCannotAffordAreNotCreated() {
        ApiKey parent = deposit(ApiKeySecret.generate(), 250, "token:p").key();

        assertThat(children.create(new CreateChildKeysCommand(parent.id(), 3, Optional.empty(), Optional.empty())))
                .isEqualTo(new ChildKeysOutcome.InsufficientBalance(Msats.of(300), Msats.of(250)));
        assertThat(accounts.findChildren(parent.id())).isEmpty();
    }
}
