package io.routstr.gateway.persistence.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.namedparam.NamedParameterUtils;

class PositionalStatementTest {

    private static final String NAMED =
            "SELECT CAST(:id AS uuid), 'a:b', x::text FROM t WHERE a = :amount AND b >= :amount AND c = :id";

    @Test
    void theStatementIsTheSqlSpringsNamedParameterTemplateSends() {
        PositionalStatement statement = PositionalStatement.of(NAMED, "amount", "id");

        assertThat(statement.sql()).isEqualTo(NamedParameterUtils.parseSqlStatementIntoString(NAMED));
        assertThat(statement.sql())
                .isEqualTo("SELECT CAST(? AS uuid), 'a:b', x::text FROM t WHERE a = ? AND b >= ? AND c = ?");
    }

    @Test
    void eachPositionGetsTheValueOfTheParameterNamedThere_asOftenAsItOccurs() {
        PositionalStatement statement = PositionalStatement.of(NAMED, "amount", "id");

        assertThat(statement.arguments(5L, "the-id")).containsExactly("the-id", 5L, 5L, "the-id");
    }

    @Test
    void aNullValueStaysInItsPlaces() {
        PositionalStatement statement = PositionalStatement.of(NAMED, "amount", "id");

        assertThat(statement.arguments(null, "the-id")).containsExactly("the-id", null, null, "the-id");
    }

    @Test
    void everyParameterOfTheStatementMustBeDeclared_andEveryDeclaredOneUsed() {
        assertThatThrownBy(() -> PositionalStatement.of(NAMED, "amount"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("id");
        assertThatThrownBy(() -> PositionalStatement.of(NAMED, "amount", "id", "cost"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cost");
        assertThatThrownBy(() -> PositionalStatement.of(NAMED, "amount", "id", "id"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theValuesMustBeGivenForEveryDeclaredParameter() {
        PositionalStatement statement = PositionalStatement.of(NAMED, "amount", "id");

        assertThatThrownBy(() -> statement.arguments(5L)).isInstanceOf(IllegalArgumentException.class);
    }
}
