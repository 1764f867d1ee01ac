package io.dataflow.crud;

import io.dataflow.config.DidYouMean;
import io.dataflow.model.FieldSpec;
import io.dataflow.model.FieldType;
import io.dataflow.model.ModelSpec;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Turns a value from YAML, JSON or Java into the type pgjdbc binds for its column: int → Long,
 * int32 → Integer, float → Double, real → Float, bool → Boolean, datetime → OffsetDateTime (UTC),
 * timestamp → LocalDateTime, date → LocalDate, dict/list → jsonb PGobject, decimal → BigDecimal,
 * uuid → UUID, bytes → byte[] (text is base64). A value that does not fit is refused with an
 * {@link InvalidValueException} before any SQL runs, so bad input never surfaces as an SQLException.
 */
public final class ColumnValues {

    private static final Pattern UUID_TEXT = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern INTEGER_TEXT = Pattern.compile("[+-]?\\d+");

    private final ModelSpec model;

    public ColumnValues(ModelSpec model) {
        this.model = model;
    }

    /** The bind value for a column of this model; null stays null. {@code key} is where the value came from, for the message. */
    public Object toJdbc(String column, Object value, String key) {
        FieldSpec field = model.field(column).orElseThrow(() -> new InvalidValueException(model.name(), column, key,
                "unknown column '" + column + "'" + DidYouMean.hint(column, model.columnNames())
                        + "; columns: " + String.join(", ", model.columnNames())));
        return toJdbc(field, value, key);
    }

    public Object toJdbc(FieldSpec field, Object value, String key) {
        if (value == null) return null;
        try {
            return convert(field.type(), value);
        } catch (BadValue e) {
            throw invalid(field, key, e);
        }
    }

    /** The error for a value of {@code field} that did not convert; bulk paths build {@code key} only then. */
    InvalidValueException invalid(FieldSpec field, String key, BadValue e) {
        return new InvalidValueException(model.name(), field.name(), key,
                e.getMessage() + " (column " + field.name() + " is " + field.type().guideName() + ")");
    }

    /** The conversion alone; throws {@link BadValue} with the problem. */
    static Object convert(FieldType type, Object v) {
        return switch (type) {
            case INT -> toLong(v);
            case INT32 -> toInt(v);
            case STR -> toText(v);
            case FLOAT -> toDouble(v);
            case REAL -> toFloat(v);
            case BOOL -> toBool(v);
            case DATETIME -> TemporalValues.offsetDateTime(v);
            case TIMESTAMP -> TemporalValues.localDateTime(v);
            case DATE -> TemporalValues.localDate(v);
            case DICT -> JsonValues.jsonb(v, true);
            case LIST -> JsonValues.jsonb(v, false);
            case DECIMAL -> toDecimal(v);
            case UUID -> toUuid(v);
            case BYTES -> toBytes(v);
        };
    }

    static Long toLong(Object v) {
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) return ((Number) v).longValue();
        try {
            if (v instanceof BigInteger b) return b.longValueExact();
            if (v instanceof BigDecimal d) return d.longValueExact();
            if (v instanceof Double || v instanceof Float) return new BigDecimal(v.toString()).longValueExact();
            if (v instanceof CharSequence s && INTEGER_TEXT.matcher(s.toString().trim()).matches()) {
                return new BigInteger(s.toString().trim()).longValueExact();
            }
        } catch (ArithmeticException | NumberFormatException e) {
            throw new BadValue(BadValue.describe(v) + " is not a whole number within the 64-bit range");
        }
        throw new BadValue(BadValue.describe(v) + " is not a whole number");
    }

    static Integer toInt(Object v) {
        long l;
        try {
            l = toLong(v);
        } catch (BadValue e) {
            throw new BadValue(BadValue.describe(v) + " is not a whole number within the 32-bit range");
        }
        if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) throw new BadValue(v + " is outside the 32-bit range of an int32 column");
        return (int) l;
    }

    static Double toDouble(Object v) {
        if (v instanceof Number n && !(v instanceof BigDecimal) && !(v instanceof BigInteger)) return n.doubleValue();
        if (v instanceof BigDecimal || v instanceof BigInteger) return finite(((Number) v).doubleValue(), v);
        if (v instanceof CharSequence s) return finite(parseFloating(s.toString().trim(), v), v);
        throw new BadValue(BadValue.describe(v) + " is not a number");
    }

    static Float toFloat(Object v) {
        double d = toDouble(v);
        float f = (float) d;
        if (Float.isInfinite(f) && !Double.isInfinite(d)) throw new BadValue(v + " is outside the range of a real (32-bit float) column");
        return f;
    }

    private static double finite(double d, Object v) {
        // A huge BigDecimal silently becomes Infinity; refuse it rather than store the wrong value.
        if (Double.isInfinite(d) && !(v instanceof CharSequence s && s.toString().toLowerCase(java.util.Locale.ROOT).contains("inf"))) {
            throw new BadValue(BadValue.describe(v) + " is outside the range of a double");
        }
        return d;
    }

    private static double parseFloating(String s, Object v) {
        switch (s) {
            case "NaN": return Double.NaN;
            case "Infinity", "+Infinity", "inf", "+inf": return Double.POSITIVE_INFINITY;
            case "-Infinity", "-inf": return Double.NEGATIVE_INFINITY;
            default:
                try {
                    return new BigDecimal(s).doubleValue(); // not Double.parseDouble: it also takes "1d" and hex
                } catch (NumberFormatException e) {
                    throw new BadValue(BadValue.describe(v) + " is not a number");
                }
        }
    }

    static Boolean toBool(Object v) {
        if (v instanceof Boolean b) return b;
        if (v instanceof CharSequence s) {
            String t = s.toString().trim();
            if (t.equalsIgnoreCase("true")) return true;
            if (t.equalsIgnoreCase("false")) return false;
        }
        throw new BadValue(BadValue.describe(v) + " is not a boolean: give true or false");
    }

    static String toText(Object v) {
        String s;
        if (v instanceof CharSequence || v instanceof Character || v instanceof Number || v instanceof Boolean || v instanceof UUID) {
            s = v.toString();
        } else if (v instanceof Enum<?> e) {
            s = e.name();
        } else {
            throw new BadValue(BadValue.describe(v) + " is not text");
        }
        if (s.indexOf('\0') >= 0) throw new BadValue(BadValue.describe(v) + " contains a NUL character, which PostgreSQL text cannot store");
        return s;
    }

    static BigDecimal toDecimal(Object v) {
        if (v instanceof BigDecimal d) return d;
        if (v instanceof BigInteger b) return new BigDecimal(b);
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) return BigDecimal.valueOf(((Number) v).longValue());
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) throw new BadValue(v + " is not a finite number, which a decimal column needs");
            return new BigDecimal(v.toString()); // the shortest decimal that reads back as the same double
        }
        if (v instanceof CharSequence s) {
            try {
                return new BigDecimal(s.toString().trim());
            } catch (NumberFormatException e) {
                throw new BadValue(BadValue.describe(v) + " is not a decimal number");
            }
        }
        throw new BadValue(BadValue.describe(v) + " is not a decimal number");
    }

    static UUID toUuid(Object v) {
        if (v instanceof UUID u) return u;
        // UUID.fromString also takes "1-1-1-1-1"; only the canonical 8-4-4-4-12 form is accepted.
        if (v instanceof CharSequence s && UUID_TEXT.matcher(s.toString().trim()).matches()) return UUID.fromString(s.toString().trim());
        throw new BadValue(BadValue.describe(v) + " is not a UUID: write it as 8-4-4-4-12 hex digits");
    }

    static byte[] toBytes(Object v) {
        if (v instanceof byte[] b) return b;
        if (v instanceof ByteBuffer buf) {
            byte[] out = new byte[buf.remaining()];
            buf.duplicate().get(out);
            return out;
        }
        if (v instanceof CharSequence s) {
            try {
                return Base64.getDecoder().decode(s.toString().trim());
            } catch (IllegalArgumentException e) {
                throw new BadValue(BadValue.describe(v) + " is not base64: bytes given as text must be base64-encoded");
            }
        }
        throw new BadValue(BadValue.describe(v) + " is not bytes: give a byte[] or base64 text");
    }
}
