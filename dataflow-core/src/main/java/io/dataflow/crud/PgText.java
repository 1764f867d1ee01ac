package io.dataflow.crud;

import io.dataflow.model.FieldType;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import org.postgresql.util.PGobject;

/**
 * PostgreSQL's text input form of a bound value (as {@link ColumnValues} makes them): what COPY reads
 * and what array parameters carry. Timestamps are written in ISO order with an explicit offset so
 * that the session's TimeZone and DateStyle cannot change their meaning.
 */
final class PgText {

    private static final HexFormat HEX = HexFormat.of();

    private PgText() {
    }

    /** The text form, or null for SQL NULL. */
    static String of(Object bound) {
        if (bound == null) return null;
        if (bound instanceof PGobject o) return o.getValue();
        if (bound instanceof byte[] b) return "\\x" + HEX.formatHex(b);
        if (bound instanceof OffsetDateTime t) {
            return dateTime(new StringBuilder(32), t.toLocalDateTime(), t.getOffset()).toString();
        }
        if (bound instanceof LocalDateTime t) return dateTime(new StringBuilder(32), t, null).toString();
        if (bound instanceof LocalDate d) return date(new StringBuilder(16), d, true).toString();
        if (bound instanceof Boolean b) return b ? "true" : "false";
        if (bound instanceof BigDecimal d) return d.toString();
        return bound.toString(); // Long, Integer, Double (NaN, Infinity are PostgreSQL's spelling too), Float, String, UUID
    }

    /**
     * {@code 2024-01-31 10:00:00.250000+00}, fraction omitted when zero: written by hand because
     * DateTimeFormatter dominated the cost of a COPY row. Years before 1 AD take PostgreSQL's {@code BC} suffix.
     */
    private static StringBuilder dateTime(StringBuilder sb, LocalDateTime t, ZoneOffset offset) {
        date(sb, t.toLocalDate(), false).append(' ');
        pad(sb, t.getHour(), 2).append(':');
        pad(sb, t.getMinute(), 2).append(':');
        pad(sb, t.getSecond(), 2);
        int micros = t.getNano() / 1000;
        if (micros != 0) pad(sb.append('.'), micros, 6);
        if (offset != null) sb.append(offset == ZoneOffset.UTC ? "+00" : offset.getId());
        if (t.getYear() <= 0) sb.append(" BC");
        return sb;
    }

    private static StringBuilder date(StringBuilder sb, LocalDate d, boolean withEra) {
        int year = d.getYear();
        pad(sb, year > 0 ? year : 1 - year, 4).append('-');
        pad(sb, d.getMonthValue(), 2).append('-');
        pad(sb, d.getDayOfMonth(), 2);
        if (withEra && year <= 0) sb.append(" BC");
        return sb;
    }

    private static StringBuilder pad(StringBuilder sb, int value, int width) {
        String digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++) sb.append('0');
        return sb.append(digits);
    }

    /** PostgreSQL's internal type name, as pgjdbc's createArrayOf wants it. */
    static String typeName(FieldType type) {
        return switch (type) {
            case INT -> "int8";
            case INT32 -> "int4";
            case STR -> "text";
            case FLOAT -> "float8";
            case REAL -> "float4";
            case BOOL -> "bool";
            case DATETIME -> "timestamptz";
            case TIMESTAMP -> "timestamp";
            case DATE -> "date";
            case DICT, LIST -> "jsonb";
            case DECIMAL -> "numeric";
            case UUID -> "uuid";
            case BYTES -> "bytea";
        };
    }
}
