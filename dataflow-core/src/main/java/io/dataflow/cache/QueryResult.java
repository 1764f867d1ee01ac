package io.dataflow.cache;

import java.util.List;
import java.util.Map;

/**
 * The rows of one query, with the column names in order. Values are the Java types DataFlow reads
 * PostgreSQL types as (Long, Integer, BigDecimal, OffsetDateTime in UTC, LocalDateTime, LocalDate,
 * UUID, byte[], maps and lists for JSON, lists for arrays, null for NULL), whether they came from the
 * database or from the cache.
 *
 * @param columns the column labels, in order
 * @param rows    one map per row, in column order
 * @param cached  whether this result was served from the cache
 */
public record QueryResult(List<String> columns, List<Map<String, Object>> rows, boolean cached) {

    public QueryResult {
        columns = List.copyOf(columns);
        rows = java.util.Collections.unmodifiableList(rows);
    }

    public int size() {
        return rows.size();
    }

    QueryResult fromCache() {
        return new QueryResult(columns, rows, true);
    }
}
