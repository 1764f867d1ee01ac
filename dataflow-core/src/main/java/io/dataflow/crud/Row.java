package io.dataflow.crud;

import io.dataflow.DataFlowException;
import java.util.Map;

/**
 * One row as read by {@link io.dataflow.sql.JdbcValues} (bigint → Long, numeric → BigDecimal,
 * timestamptz → OffsetDateTime, ...), with getters that convert to the type asked for the way
 * {@link RecordMapper} converts record components.
 *
 * @param values column label → value, in the query's column order
 */
public record Row(Map<String, Object> values) {

    /** The value of a column, as read; a column the query does not return is refused, naming the ones it does. */
    public Object get(String column) {
        if (!values.containsKey(column)) {
            throw new DataFlowException("the row has no column '" + column + "'; its columns: " + String.join(", ", values.keySet()));
        }
        return values.get(column);
    }

    /** The value of a column converted to {@code type} (Instant from timestamptz, long from numeric, an enum from text, ...). */
    public <T> T get(String column, Class<T> type) {
        @SuppressWarnings("unchecked")
        T v = (T) ValueConversion.convert(get(column), type, "column '" + column + "'");
        return v;
    }

    public String getString(String column) {
        Object v = get(column);
        return v == null ? null : v.toString();
    }

    /** A bigint/integer/numeric column as a Long (null stays null). */
    public Long getLong(String column) {
        return get(column, Long.class);
    }

    public Integer getInt(String column) {
        return get(column, Integer.class);
    }

    public Double getDouble(String column) {
        return get(column, Double.class);
    }

    public Boolean getBoolean(String column) {
        return get(column, Boolean.class);
    }
}
