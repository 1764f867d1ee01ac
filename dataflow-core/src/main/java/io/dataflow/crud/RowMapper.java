package io.dataflow.crud;

/**
 * Turns one row into an object, like JdbcTemplate's {@code RowMapper}: {@code db.query(sql, params,
 * row -> new Total(row.getString("status"), row.get("sum", BigDecimal.class)))}. Rows come from the
 * database or the query cache alike, so the mapper sees values, not a ResultSet.
 */
@FunctionalInterface
public interface RowMapper<T> {

    T map(Row row);
}
