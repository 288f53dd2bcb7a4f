package io.routstr.gateway.persistence.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A call of a kind the writer combines: its values in declared order, laid out by position for its single statement. */
class CombinableTest {

    private final GroupCommit.Combinable<Optional<Long>> kind = new GroupCommit.Combinable<>(
            "answer",
            PositionalStatement.of("SELECT CAST(:a AS bigint) + :b - :a", "a", "b"),
            rows -> rows.next() ? Optional.of(rows.getLong(1)) : Optional.empty(),
            (connection, calls) -> new GroupCommit.Prepared<>("SELECT 1", new Object[0], rows -> List.of()));

    @Test
    void aCallKeepsItsValuesInDeclaredOrder_andGivesItsSingleStatementThemByPosition() {
        GroupCommit.Call<Optional<Long>> call = kind.call(1L, 2L);

        assertThat(call.values()).containsExactly(1L, 2L);
        assertThat(call.arguments()).containsExactly(1L, 2L, 1L);
        assertThat(call.kind()).isSameAs(kind);
    }

    @Test
    void aPartOfACompoundEndingInASemicolonIsRefused() {
        assertThatThrownBy(() -> new GroupCommit.Prepared<Long>("SELECT 1;", new Object[0], rows -> List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aCallWithTooFewOrTooManyValuesIsRefusedWhenMade() {
        assertThatThrownBy(() -> kind.call(1L)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> kind.call(1L, 2L, 3L)).isInstanceOf(IllegalArgumentException.class);
    }
}
