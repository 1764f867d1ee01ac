package io.dataflow.cache;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reads a result set into a {@link QueryResult} with the same Java types as the CRUD operations
 * (bigint → Long, timestamptz → OffsetDateTime in UTC, jsonb → maps and lists, numeric →
 * BigDecimal, ...), plus arrays as lists of their element type and any other type as its text.
 */
final class ResultReader {

    private static final ObjectMapper JSON = new ObjectMapper();

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
            for (int i = 1; i <= n; i++) row.put(columns.get(i - 1), value(rs, i, types[i - 1]));
            rows.add(row);
        }
        return new QueryResult(columns, rows, false);
    }

    private static Object value(ResultSet rs, int i, String type) throws SQLException {
        Object v = switch (type) {
            case "int8" -> rs.getLong(i);
            case "int4", "int2", "serial" -> rs.getInt(i);
            case "float8" -> rs.getDouble(i);
            case "float4" -> rs.getFloat(i);
            case "bool" -> rs.getBoolean(i);
            case "numeric" -> rs.getBigDecimal(i);
            case "timestamptz" -> {
                OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
                yield t == null ? null : t.withOffsetSameInstant(ZoneOffset.UTC);
            }
            case "timestamp" -> rs.getObject(i, LocalDateTime.class);
            case "date" -> rs.getObject(i, LocalDate.class);
            case "time" -> rs.getObject(i, LocalTime.class);
            case "jsonb", "json" -> json(rs.getString(i));
            case "uuid" -> rs.getObject(i, UUID.class);
            case "bytea" -> rs.getBytes(i);
            case "text", "varchar", "bpchar", "name" -> rs.getString(i);
            default -> type.startsWith("_") ? array(rs.getArray(i)) : rs.getString(i);
        };
        return rs.wasNull() ? null : v;
    }

    private static Object json(String text) throws SQLException {
        if (text == null) return null;
        try {
            return JSON.readValue(text, Object.class);
        } catch (java.io.IOException e) {
            throw new SQLException("cannot read JSON value: " + e.getMessage(), e);
        }
    }

    private static List<Object> array(Array array) throws SQLException {
        if (array == null) return null;
        try (ResultSet rs = array.getResultSet()) {
            String element = array.getBaseTypeName();
            List<Object> out = new ArrayList<>();
            while (rs.next()) out.add(value(rs, 2, element));
            return out;
        } finally {
            array.free();
        }
    }
}
