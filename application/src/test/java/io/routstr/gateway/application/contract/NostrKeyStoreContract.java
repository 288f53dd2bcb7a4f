package io.routstr.gateway.application.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.port.out.NostrKeyStorePort;
import org.junit.jupiter.api.Test;

/** The contract of {@link NostrKeyStorePort}: every implementation, in memory or on PostgreSQL, must pass it. */
public abstract class NostrKeyStoreContract {

    protected static final String FIRST_KEY = "11".repeat(32);
    protected static final String SECOND_KEY = "22".repeat(32);

    protected abstract NostrKeyStorePort keys();

    @Test
    void theFirstKeyStored_isTheOnlyOne() {
        String stored = keys().storeIfAbsent(FIRST_KEY);

        assertThat(keys().storeIfAbsent(SECOND_KEY)).isEqualTo(stored);
        assertThat(keys().load()).hasValue(stored);
    }

    @Test
    void aGeneratedKey_isNotTheOperatorsChoice() {
        keys().forget();
        keys().storeIfAbsent(FIRST_KEY);

        assertThat(keys().chosenByOperator()).isEmpty();
    }

    @Test
    void theOperatorsKey_replacesTheStoredOne_andIsKnownAsChosen() {
        keys().forget();
        keys().storeIfAbsent(FIRST_KEY);

        keys().replace(SECOND_KEY);

        assertThat(keys().load()).hasValue(SECOND_KEY);
        assertThat(keys().chosenByOperator()).hasValue(SECOND_KEY);
        assertThat(keys().storeIfAbsent(FIRST_KEY)).isEqualTo(SECOND_KEY);
    }

    @Test
    void aForgottenKey_makesRoomForANewOne() {
        keys().replace(SECOND_KEY);

        keys().forget();

        assertThat(keys().load()).isEmpty();
        assertThat(keys().chosenByOperator()).isEmpty();
        assertThat(keys().storeIfAbsent(FIRST_KEY)).isEqualTo(FIRST_KEY);
    }
}
