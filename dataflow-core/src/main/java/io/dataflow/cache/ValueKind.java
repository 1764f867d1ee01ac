package io.dataflow.cache;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The Java type of a cached value, written once per column (or per value inside JSON and arrays), so
 * a value decodes to the same class it was read as: an Integer stays an Integer, a timestamptz an
 * OffsetDateTime, a numeric a BigDecimal with its scale.
 */
enum ValueKind {
    NULL, BOOL, INT, LONG, SHORT, FLOAT, DOUBLE, DECIMAL, BIGINT, TEXT, BYTES, UUID, OFFSET_DT, LOCAL_DT, DATE, TIME, INSTANT,
    LIST, MAP, DYNAMIC;

    private static final ValueKind[] ALL = values();

    static ValueKind of(Object v) {
        if (v == null) return NULL;
        if (v instanceof String) return TEXT;
        if (v instanceof Integer) return INT;
        if (v instanceof Long) return LONG;
        if (v instanceof Boolean) return BOOL;
        if (v instanceof Double) return DOUBLE;
        if (v instanceof BigDecimal) return DECIMAL;
        if (v instanceof OffsetDateTime) return OFFSET_DT;
        if (v instanceof LocalDateTime) return LOCAL_DT;
        if (v instanceof LocalDate) return DATE;
        if (v instanceof Float) return FLOAT;
        if (v instanceof Short) return SHORT;
        if (v instanceof BigInteger) return BIGINT;
        if (v instanceof byte[]) return BYTES;
        if (v instanceof UUID) return UUID;
        if (v instanceof LocalTime) return TIME;
        if (v instanceof Instant) return INSTANT;
        if (v instanceof List<?>) return LIST;
        if (v instanceof Map<?, ?>) return MAP;
        throw new UnsupportedOperationException("a " + v.getClass().getName() + " value cannot be cached");
    }

    static ValueKind byOrdinal(int i) {
        if (i < 0 || i >= ALL.length) throw new IllegalArgumentException("unknown value kind " + i);
        return ALL[i];
    }

    /** The kind of a whole column: the one kind of its non-null values, else DYNAMIC (tagged per value). */
    static ValueKind column(List<Map<String, Object>> rows, String column) {
        ValueKind kind = NULL;
        for (Map<String, Object> row : rows) {
            ValueKind k = of(row.get(column));
            if (k == NULL) continue;
            if (k == LIST || k == MAP) return DYNAMIC;
            if (kind == NULL) kind = k;
            else if (kind != k) return DYNAMIC;
        }
        return kind;
    }
}
