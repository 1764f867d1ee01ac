package io.dataflow.cache;

import io.dataflow.sql.JdbcValues;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a result set into a {@link QueryResult} with the same Java types as the CRUD operations
 * (bigint → Long, timestamptz → OffsetDateTime in UTC, jsonb → maps and lists, numeric →
 * BigDecimal, ...: {@link JdbcValues}).
 */
final class ResultReader {

    private ResultReader() {
    }

    static QueryResult read(ResultSet rs) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        int n = meta.getColumnCount();
        List<String> columns = new ArrayList<>(n);
        String[] types = new String[n];
        for (int i = 1; i <= n; i++) {
            columns.add(meta.getColumnLabel(i));
            types[i - 1] = meta.getColumnTypeName(i);
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        while (rs.next()) {
            Map<String, Object> row = new LinkedHashMap<>(Math.max(4, n * 2));
            for (int i = 1; i <= n; i++) row.put(columns.get(i - 1), JdbcValues.read(rs, i, types[i - 1]));
            rows.add(row);
        }
        return new QueryResult(columns, rows, false);
    }
}
