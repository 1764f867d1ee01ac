package io.dataflow.crud;

import io.dataflow.DataFlowException;
import io.dataflow.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.UUID;

/**
 * Converts a value as {@link io.dataflow.sql.JdbcValues} reads it to the Java type a record component
 * or a caller asks for. Exact conversions only: a number that does not fit, or text that is not one
 * of an enum's constants, is refused naming the column.
 */
final class ValueConversion {

    private static final Map<Class<?>, Class<?>> BOXED = Map.of(long.class, Long.class, int.class, Integer.class, short.class, Short.class,
            byte.class, Byte.class, double.class, Double.class, float.class, Float.class, boolean.class, Boolean.class, char.class, Character.class);

    private ValueConversion() {
    }

    static Object convert(Object value, Class<?> type, String what) {
        if (value == null) {
            if (type.isPrimitive()) throw new DataFlowException(what + " is NULL but " + type.getName() + " cannot hold NULL: use " + BOXED.get(type).getSimpleName());
            return null;
        }
        Class<?> target = type.isPrimitive() ? BOXED.get(type) : type;
        if (target.isInstance(value)) return value;
        try {
            if (value instanceof Number n) return number(n, target, what);
            if (value instanceof OffsetDateTime t) {
                if (target == Instant.class) return t.toInstant();
                if (target == LocalDateTime.class) return t.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
                if (target == LocalDate.class) return t.withOffsetSameInstant(ZoneOffset.UTC).toLocalDate();
                if (target == ZonedDateTime.class) return t.toZonedDateTime();
            }
            if (value instanceof LocalDateTime t) { // timestamp without time zone: read as UTC
                if (target == Instant.class) return t.toInstant(ZoneOffset.UTC);
                if (target == OffsetDateTime.class) return t.atOffset(ZoneOffset.UTC);
                if (target == LocalDate.class) return t.toLocalDate();
            }
            if (value instanceof LocalDate d && target == LocalDateTime.class) return d.atStartOfDay();
            if (value instanceof String s) {
                if (target.isEnum()) return enumConstant(s, target, what);
                if (target == UUID.class) return UUID.fromString(s);
                if (target == Character.class && s.length() == 1) return s.charAt(0);
            }
            if (target == String.class) return value.toString();
            return Json.mapper().convertValue(value, target); // json/jsonb maps and lists into records, lists, maps
        } catch (ArithmeticException | IllegalArgumentException e) {
            throw new DataFlowException(what + ": cannot convert " + value.getClass().getSimpleName() + " " + abbreviated(value) + " to "
                    + type.getName() + ": " + e.getMessage(), e);
        }
    }

    private static Object number(Number n, Class<?> target, String what) {
        BigDecimal d = n instanceof BigDecimal b ? b : n instanceof BigInteger i ? new BigDecimal(i)
                : n instanceof Double || n instanceof Float ? BigDecimal.valueOf(n.doubleValue()) : BigDecimal.valueOf(n.longValue());
        if (target == Long.class) return d.longValueExact();
        if (target == Integer.class) return d.intValueExact();
        if (target == Short.class) return d.shortValueExact();
        if (target == Byte.class) return d.byteValueExact();
        if (target == Double.class) return n.doubleValue();
        if (target == Float.class) return n.floatValue();
        if (target == BigDecimal.class) return d;
        if (target == BigInteger.class) return d.toBigIntegerExact();
        if (target == String.class) return n.toString();
        throw new IllegalArgumentException("a number does not convert to " + target.getSimpleName());
    }

    private static Object enumConstant(String s, Class<?> type, String what) {
        for (Object c : type.getEnumConstants()) {
            if (((Enum<?>) c).name().equalsIgnoreCase(s)) return c;
        }
        throw new IllegalArgumentException("'" + s + "' is not a constant of " + type.getSimpleName());
    }

    private static String abbreviated(Object v) {
        String s = String.valueOf(v);
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
