package io.routstr.gateway.persistence.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How the writer lays out a compound statement: a power of two of one kind's statements, each without its own semicolon. */
class CombinableTest {

    private final GroupCommit.Combinable<Optional<Long>> kind = new GroupCommit.Combinable<>(
            "answer",
            "SELECT ? + 1",
            new Object[] {0L},
            rows -> rows.next() ? Optional.of(rows.getLong(1)) : Optional.empty());

    @Test
    void aCompoundHoldsThePowerOfTwoAtOrAboveItsCalls() {
        assertThat(GroupCommit.Combinable.roundedUp(1)).isEqualTo(1);
        assertThat(GroupCommit.Combinable.roundedUp(2)).isEqualTo(2);
        assertThat(GroupCommit.Combinable.roundedUp(3)).isEqualTo(4);
        assertThat(GroupCommit.Combinable.roundedUp(13)).isEqualTo(16);
        assertThat(GroupCommit.Combinable.roundedUp(GroupCommit.MAX_COMBINED)).isEqualTo(GroupCommit.MAX_COMBINED);
    }

    @Test
    void aCompoundIsItsKindsStatementRepeated_oneTextPerSize() {
        assertThat(kind.compoundSql(1)).isEqualTo("SELECT ? + 1");
        assertThat(kind.compoundSql(4)).isEqualTo("SELECT ? + 1;\nSELECT ? + 1;\nSELECT ? + 1;\nSELECT ? + 1");
        assertThat(kind.compoundSql(GroupCommit.MAX_COMBINED)).isSameAs(kind.compoundSql(GroupCommit.MAX_COMBINED));
    }

    @Test
    void aCallTakesAsManyArgumentsAsTheKindsNoOp_andAStatementEndingInASemicolonIsRefused() {
        assertThatThrownBy(() -> kind.call(new Object[] {1L, 2L})).isInstanceOf(IllegalArgumentException.class);
        assertThat(kind.call(new Object[] {1L}).kind()).isSameAs(kind);
        assertThatThrownBy(() -> new GroupCommit.Combinable<>("bad", "SELECT 1;", new Object[0], rows -> 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
