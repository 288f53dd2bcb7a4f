package io.routstr.gateway.application.service.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.fake.FakeNostrKeyCodec;
import io.routstr.gateway.application.fake.FakeNostrSigner;
import io.routstr.gateway.application.fake.InMemoryNostrKeyStore;
import io.routstr.gateway.application.port.in.admin.ChangeNostrKeyUseCase.NsecOutcome;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ChangeNostrKeyServiceTest {

    private static final String KEY = "ab".repeat(32);

    private final InMemoryNostrKeyStore store = new InMemoryNostrKeyStore();
    private final AtomicInteger reloads = new AtomicInteger();
    private final ChangeNostrKeyService service = new ChangeNostrKeyService(
            store,
            new FakeNostrKeyCodec(Map.of("nsec1valid", KEY)),
            FakeNostrSigner.withKey(),
            reloads::incrementAndGet);

    @Test
    void aValidKeyIsStoredAsTheOperatorsChoiceAndTheSignerTakesItUp() {
        NsecOutcome outcome = service.change(" nsec1valid ");

        assertThat(outcome).isInstanceOf(NsecOutcome.Changed.class);
        assertThat(store.chosenByOperator()).hasValue(KEY);
        assertThat(reloads).hasValue(1);
    }

    @Test
    void anInvalidKeyChangesNothing() {
        store.storeIfAbsent("11".repeat(32));

        assertThat(service.change("nsec1nonsense")).isInstanceOf(NsecOutcome.Invalid.class);
        assertThat(store.load()).hasValue("11".repeat(32));
        assertThat(reloads).hasValue(0);
    }

    @Test
    void anEmptyKeyForgetsTheOperatorsChoice() {
        store.replace(KEY);

        assertThat(service.change("")).isInstanceOf(NsecOutcome.Changed.class);
        assertThat(store.chosenByOperator()).isEmpty();
        assertThat(reloads).hasValue(1);
    }
}
