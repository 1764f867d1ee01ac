package io.dataflow.crud;

import java.util.List;

/**
 * A filter as SQL: a boolean expression with {@code ?} placeholders and the values to bind, in order.
 * An empty filter compiles to {@code TRUE}.
 */
record CompiledFilter(String sql, List<Object> params) {

    CompiledFilter {
        params = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(params));
    }

    boolean matchesAll() {
        return sql.equals("TRUE");
    }

    /** {@code " WHERE ..."}, or nothing for a filter that matches every row. */
    String whereClause() {
        return matchesAll() ? "" : " WHERE " + sql;
    }
}
