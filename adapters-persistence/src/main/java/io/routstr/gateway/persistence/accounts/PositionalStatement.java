package io.routstr.gateway.persistence.accounts;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.namedparam.AbstractSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterUtils;
import org.springframework.jdbc.core.namedparam.ParsedSql;

/**
 * A statement written with named parameters ({@code :id}), translated once into JDBC's positional form: the same SQL
 * text Spring's named-parameter template sends, with the parameters' values put in place by a fixed table instead of by
 * name on every call. On the writer's thread, which runs every paid request's hold and settlement, the translation per
 * call (substituting the names, looking each value up, building a statement factory) was a sixth of its CPU
 * (docs/benchmarks.md, session 9).
 */
final class PositionalStatement {

    private final String sql;
    /** For each {@code ?} in {@link #sql}, the index of its parameter among the declared names. */
    private final int[] declaredIndexOfPosition;

    private final int declaredCount;

    private PositionalStatement(String sql, int[] declaredIndexOfPosition, int declaredCount) {
        this.sql = sql;
        this.declaredIndexOfPosition = declaredIndexOfPosition;
        this.declaredCount = declaredCount;
    }

    /**
     * {@code namedSql} with its parameters declared in the order {@link #arguments} takes their values; every declared
     * name must occur in the SQL and every name in the SQL must be declared.
     */
    static PositionalStatement of(String namedSql, String... declaredNames) {
        Map<String, Integer> declared = new HashMap<>();
        for (String name : declaredNames) {
            if (declared.putIfAbsent(name, declared.size()) != null) {
                throw new IllegalArgumentException("parameter declared twice: " + name);
            }
        }
        ParsedSql parsed = NamedParameterUtils.parseSqlStatement(namedSql);
        // Spring's own walk of the parameters, in position order; each value is the name of the parameter there.
        Object[] namesByPosition = NamedParameterUtils.buildValueArray(parsed, new NamesAsValues(), null);
        int[] positions = new int[namesByPosition.length];
        Set<String> used = new LinkedHashSet<>();
        for (int position = 0; position < namesByPosition.length; position++) {
            String name = (String) namesByPosition[position];
            Integer index = declared.get(name);
            if (index == null) {
                throw new IllegalArgumentException("parameter not declared: " + name);
            }
            positions[position] = index;
            used.add(name);
        }
        if (used.size() != declared.size()) {
            throw new IllegalArgumentException(
                    "declared but not in the statement: " + declaredNamesMissingFrom(declaredNames, used));
        }
        return new PositionalStatement(
                NamedParameterUtils.substituteNamedParameters(parsed, null), positions, declared.size());
    }

    /** The statement with a {@code ?} in place of each named parameter. */
    String sql() {
        return sql;
    }

    /** The values for {@link #sql()}'s positions, from the declared parameters' values in their declared order. */
    Object[] arguments(Object... declaredValues) {
        requireValues(declaredValues);
        Object[] byPosition = new Object[declaredIndexOfPosition.length];
        for (int position = 0; position < byPosition.length; position++) {
            byPosition[position] = declaredValues[declaredIndexOfPosition[position]];
        }
        return byPosition;
    }

    /** Refuses values that are not one per declared parameter. */
    void requireValues(Object[] declaredValues) {
        if (declaredValues.length != declaredCount) {
            throw new IllegalArgumentException(
                    "expected " + declaredCount + " parameter values, got " + declaredValues.length);
        }
    }

    private static List<String> declaredNamesMissingFrom(String[] declaredNames, Set<String> used) {
        return Arrays.stream(declaredNames).filter(name -> !used.contains(name)).toList();
    }

    /** Answers each parameter's name as its value. */
    private static final class NamesAsValues extends AbstractSqlParameterSource {

        @Override
        public boolean hasValue(String paramName) {
            return true;
        }

        @Override
        public Object getValue(String paramName) {
            return paramName;
        }
    }
}
