package io.routstr.gateway.application.service;

import static io.routstr.gateway.domain.key.ApiKeyBuilder.anApiKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.fake.InMemoryAccounts;
import io.routstr.gateway.application.port.in.key.UpdateRefundPreferencesUseCase.Outcome;
import io.routstr.gateway.application.port.in.key.UpdateRefundPreferencesUseCase.RefundPreferences;
import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.key.ApiKeyId;
import io.routstr.gateway.domain.key.RefundAddress;
import io.routstr.gateway.domain.key.RefundTarget;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UpdateRefundPreferencesServiceTest {

    private static final RefundAddress ALICE = new RefundAddress("alice@wallet.example");
    private static final Instant AT = Instant.parse("2030-01-01T00:00:00Z");

    private final InMemoryAccounts accounts = new InMemoryAccounts();
    private final UpdateRefundPreferencesService service = new UpdateRefundPreferencesService(accounts);

    @Test
    void aKeyStoresItsOwnRefundAddressAndTime() {
        ApiKey key = accounts.createIfAbsent(anApiKey().build());

        Outcome outcome = service.update(new RefundPreferences(key.id(), ALICE, Optional.of(AT)));

        assertThat(outcome).isInstanceOf(Outcome.Stored.class);
        RefundTarget target = accounts.findById(key.id()).orElseThrow().refundTarget();
        assertThat(target.lightningAddress()).isEqualTo("alice@wallet.example");
        assertThat(target.refundAfter()).isEqualTo(AT);
    }

    @Test
    void aChildKeyIsRefused_andNeitherItNorItsParentChanges() {
        ApiKey parent = accounts.createIfAbsent(anApiKey().build());
        ApiKey child = accounts.createIfAbsent(anApiKey().childOf(parent).build());

        Outcome outcome = service.update(new RefundPreferences(
                child.id(), new RefundAddress("thief@attacker.example"), Optional.of(Instant.EPOCH)));

        assertThat(outcome).isInstanceOf(Outcome.ChildKey.class);
        assertThat(accounts.findById(parent.id())).contains(parent);
        assertThat(accounts.findById(child.id())).contains(child);
    }

    @Test
    void anUnknownKeyChangesNothing() {
        assertThat(service.update(new RefundPreferences(ApiKeyId.random(), ALICE, Optional.empty())))
                .isInstanceOf(Outcome.UnknownKey.class);
    }
}
