package io.dataflow.maintenance;

import io.dataflow.config.ConfigException;
import io.dataflow.config.ConfigReader;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

/**
 * One table storage parameter of PostgreSQL ({@code fillfactor}, {@code autovacuum_*}, ...): its
 * type and accepted range, as {@code reloptions.c} defines them.
 *
 * @param name         the parameter, without the {@code toast.} prefix
 * @param kind         bool, int, real or enum
 * @param min          the smallest accepted value (int and real)
 * @param max          the largest accepted value (int and real)
 * @param values       the accepted words of an enum
 * @param toast        whether {@code toast.<name>} is accepted too
 * @param sinceVersion the first server version (server_version_num) that knows it
 */
public record StorageParameter(String name, Kind kind, double min, double max, List<String> values, boolean toast,
                               int sinceVersion) {

    public enum Kind { BOOL, INT, REAL, ENUM }

    public StorageParameter {
        values = List.copyOf(values);
    }

    static StorageParameter bool(String name, boolean toast) {
        return new StorageParameter(name, Kind.BOOL, 0, 0, List.of(), toast, 0);
    }

    static StorageParameter integer(String name, long min, long max, boolean toast) {
        return new StorageParameter(name, Kind.INT, min, max, List.of(), toast, 0);
    }

    static StorageParameter real(String name, double min, double max, boolean toast) {
        return new StorageParameter(name, Kind.REAL, min, max, List.of(), toast, 0);
    }

    static StorageParameter enumeration(String name, boolean toast, String... values) {
        return new StorageParameter(name, Kind.ENUM, 0, 0, List.of(values), toast, 0);
    }

    StorageParameter since(int versionNum) {
        return new StorageParameter(name, kind, min, max, values, toast, versionNum);
    }

    public boolean supportedBy(int serverVersionNum) {
        return serverVersionNum >= sinceVersion;
    }

    /**
     * Checks a config value against the type and range and returns it as PostgreSQL reads it back
     * (the text stored in {@code reloptions}); refuses it naming {@code where} and {@code key}.
     */
    public String render(Object value, String where, String key) {
        return switch (kind) {
            case BOOL -> renderBool(value, where, key);
            case INT -> renderInt(value, where, key);
            case REAL -> renderReal(value, where, key);
            case ENUM -> renderEnum(value, where, key);
        };
    }

    private String renderBool(Object value, String where, String key) {
        if (value instanceof Boolean b) return b.toString();
        if (value instanceof String s) {
            switch (s.toLowerCase(Locale.ROOT)) {
                case "true", "on", "yes" -> { return "true"; }
                case "false", "off", "no" -> { return "false"; }
                default -> { }
            }
        }
        throw new ConfigException(where, key, "must be true or false, got " + ConfigReader.describe(value));
    }

    private String renderInt(Object value, String where, String key) {
        // PostgreSQL would round 50.5 silently; a whole number is asked for so nothing is guessed
        BigDecimal n = number(value, where, key, "a whole number");
        if (n.stripTrailingZeros().scale() > 0) {
            throw new ConfigException(where, key, "must be a whole number" + range() + ", got " + ConfigReader.describe(value));
        }
        checkRange(n, value, where, key);
        return n.toBigInteger().toString();
    }

    private String renderReal(Object value, String where, String key) {
        BigDecimal n = number(value, where, key, "a number");
        checkRange(n, value, where, key);
        return n.stripTrailingZeros().toPlainString();
    }

    private String renderEnum(Object value, String where, String key) {
        if (value instanceof Boolean b) return b.toString(); // on/off enums also take booleans
        if (value instanceof String s && values.contains(s.toLowerCase(Locale.ROOT))) return s.toLowerCase(Locale.ROOT);
        throw new ConfigException(where, key, "must be one of " + String.join(", ", values) + " (or true/false), got "
                + ConfigReader.describe(value));
    }

    private BigDecimal number(Object value, String where, String key, String what) {
        if (value instanceof Number num && !(value instanceof Double d && (d.isNaN() || d.isInfinite()))) {
            return new BigDecimal(num.toString());
        }
        throw new ConfigException(where, key, "must be " + what + range() + ", got " + ConfigReader.describe(value));
    }

    private void checkRange(BigDecimal n, Object value, String where, String key) {
        if (n.compareTo(BigDecimal.valueOf(min)) < 0 || n.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw new ConfigException(where, key, ConfigReader.describe(value) + " is out of range" + range());
        }
    }

    private String range() {
        return kind == Kind.INT || kind == Kind.REAL ? " between " + bound(min) + " and " + bound(max) : "";
    }

    private String bound(double v) {
        return kind == Kind.INT ? Long.toString((long) v) : BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
