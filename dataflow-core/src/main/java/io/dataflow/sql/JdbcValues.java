package io.dataflow.sql;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One column value with the Java type of its PostgreSQL type fixed, so callers, caches and JSON output
 * never see driver classes: bigint → Long, integer → Integer, double → Double, real → Float, boolean →
 * Boolean, numeric → BigDecimal, timestamptz → OffsetDateTime in UTC, timestamp → LocalDateTime, date →
 * LocalDate, time → LocalTime, json/jsonb → maps and lists, uuid → UUID, bytea → byte[], arrays →
 * lists of their element type, any other type → the driver's number, text or boolean, else its text. What CRUD reads and the query cache both use.
 */
public final class JdbcValues {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JdbcValues() {
    }

    /** Column {@code i} (1-based) of the current row; {@code type} is its {@code getColumnTypeName}. */
    public static Object read(ResultSet rs, int i, String type) throws SQLException {
        Object v = switch (type) {
            case "int8", "bigserial" -> rs.getLong(i); // pgjdbc names a column with a sequence default serial
            case "int4", "int2", "serial", "smallserial" -> rs.getInt(i);
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
            default -> type.startsWith("_") ? array(rs.getArray(i)) : plain(rs, i);
        };
        return rs.wasNull() ? null : v;
    }

    /** Another type: the driver's value when it is a plain Java number, text or boolean (oid, ...), else its text. */
    private static Object plain(ResultSet rs, int i) throws SQLException {
        Object o = rs.getObject(i);
        return o == null || o instanceof Number || o instanceof String || o instanceof Boolean ? o : rs.getString(i);
    }

    private static Object json(String text) throws SQLException {
        if (text == null) return null;
        try {
            return JSON.readValue(text, Object.class);
        } catch (java.io.IOException e) {
            throw new SQLException("the server returned JSON that does not parse: " + e.getMessage(), e);
        }
    }

    private static List<Object> array(Array array) throws SQLException {
        if (array == null) return null;
        try (ResultSet rs = array.getResultSet()) {
            String element = array.getBaseTypeName();
            List<Object> out = new ArrayList<>();
            while (rs.next()) out.add(read(rs, 2, element));
            return out;
        } finally {
            array.free();
        }
    }
}
