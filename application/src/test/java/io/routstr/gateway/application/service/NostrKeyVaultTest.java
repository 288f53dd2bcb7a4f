package io.routstr.gateway.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.fake.InMemoryNostrKeyStore;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class NostrKeyVaultTest {

    private static final String NSEC = "nsec1vl029mgpspedva04g90vltkh6fvh240zqtv9k0t9af8935ke9laqsnlfe5";

    private final InMemoryNostrKeyStore store = new InMemoryNostrKeyStore();
    private final AtomicInteger drawn = new AtomicInteger();

    private NostrKeyVault instance() {
        return new NostrKeyVault(store, () -> String.format("%064x", drawn.incrementAndGet()));
    }

    @Test
    void withoutNsec_theFirstStartGeneratesAKey_andEveryInstanceGetsThatKey() {
        String first = instance().secretKey("");
        String second = instance().secretKey(" ");

        assertThat(first).isEqualTo("0".repeat(63) + "1").isEqualTo(second);
        assertThat(store.load()).hasValue(first);
        assertThat(drawn).hasValue(1);
    }

    @Test
    void anNsecSetByTheOperator_isTheKey_andNothingIsStored() {
        assertThat(instance().secretKey(" " + NSEC + " ")).isEqualTo(NSEC);
        assertThat(store.load()).isEmpty();
        assertThat(drawn).hasValue(0);
    }

    @Test
    void anInstanceThatLosesTheRaceToStore_getsTheWinnersKey() {
        store.storeIfAbsent("ab".repeat(32));

        assertThat(instance().secretKey(null)).isEqualTo("ab".repeat(32));
    }

    @Test
    void aKeyTheOperatorChoseAtRunTime_winsOverNsec() {
        store.replace("cd".repeat(32));

        assertThat(instance().secretKey(NSEC)).isEqualTo("cd".repeat(32));
    }

    @Test
    void afterTheOperatorsKeyIsForgotten_nsecIsTheKeyAgain_elseANewOneIsGenerated() {
        store.replace("cd".repeat(32));
        store.forget();

        assertThat(instance().secretKey(NSEC)).isEqualTo(NSEC);
        assertThat(instance().secretKey("")).isEqualTo("0".repeat(63) + "1");
    }
}
