package io.dataflow.crud;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Rows as maps in column order, with the Java type of each PostgreSQL type fixed (so callers and
 * JSON output never see driver-specific classes): bigint → Long, integer → Integer, double → Double,
 * real → Float, boolean → Boolean, timestamptz → OffsetDateTime in UTC, timestamp → LocalDateTime,
 * date → LocalDate, jsonb → Map/List, numeric → BigDecimal, uuid → UUID, bytea → byte[].
 */
final class RowReader {

    private RowReader() {
    }

    static List<Map<String, Object>> all(ResultSet rs) throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        while (rs.next()) out.add(row(rs));
        return out;
    }

    static Map<String, Object> row(ResultSet rs) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) row.put(meta.getColumnLabel(i), value(rs, i, meta.getColumnTypeName(i)));
        return row;
    }

    static Object value(ResultSet rs, int i, String typeName) throws SQLException {
        Object v = switch (typeName) {
            case "int8" -> rs.getLong(i);
            case "int4", "int2" -> rs.getInt(i);
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
            case "jsonb", "json" -> {
                String text = rs.getString(i);
                yield text == null ? null : JsonValues.parse(text);
            }
            case "uuid" -> rs.getObject(i, UUID.class);
            case "bytea" -> rs.getBytes(i);
            case "text", "varchar", "bpchar" -> rs.getString(i);
            default -> rs.getObject(i);
        };
        return rs.wasNull() ? null : v;
    }
}
