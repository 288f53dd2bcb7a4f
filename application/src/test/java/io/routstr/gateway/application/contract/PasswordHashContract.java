package io.routstr.gateway.application.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.port.out.admin.PasswordHashPort;
import org.junit.jupiter.api.Test;

/** The contract of {@link PasswordHashPort}, for the fake and the Argon2id adapter. */
public abstract class PasswordHashContract {

    protected abstract PasswordHashPort hasher();

    @Test
    void onlyThePasswordAHashWasMadeFrom_matchesIt() {
        String hash = hasher().hash("correct horse battery staple");

        assertThat(hasher().matches("correct horse battery staple", hash)).isTrue();
        assertThat(hasher().matches("correct horse battery stapler", hash)).isFalse();
        assertThat(hasher().matches("", hash)).isFalse();
    }

    @Test
    void aHashNeverHoldsThePassword_andIsSalted() {
        String first = hasher().hash("correct horse battery staple");
        String second = hasher().hash("correct horse battery staple");

        assertThat(first).doesNotContain("correct horse").doesNotContain("elpats yrettab");
        assertThat(first).as("the same password hashed twice").isNotEqualTo(second);
        assertThat(hasher().matches("correct horse battery staple", second)).isTrue();
    }

    @Test
    void aStoredValueThatIsNoHashOfThisKind_matchesNothing_andNeverThrows() {
        for (String stored : new String[] {
            "", "not a hash", "$argon2id$v=19$m=abc,t=2,p=1$AAAA$AAAA", "$argon2id$v=19$m=0,t=0,p=0$AAAA$AAAA"
        }) {
            assertThat(hasher().matches("password", stored)).as(stored).isFalse();
        }
    }
}
