package io.dataflow.tune;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Values of numeric server settings, read and shown as PostgreSQL does: units are case-sensitive
 * ({@code kB}, {@code MB}, {@code GB}, {@code TB}, {@code B}; {@code us}, {@code ms}, {@code s},
 * {@code min}, {@code h}, {@code d}), a bare number is in the setting's own unit, and integers are
 * rounded to the nearest unit.
 */
public final class PgUnits {

    /** Bytes per memory unit, largest first (the order SHOW tries them in). */
    static final Map<String, Long> MEMORY = ordered("TB", 1L << 40, "GB", 1L << 30, "MB", 1L << 20, "kB", 1L << 10, "B", 1L);
    /** Microseconds per time unit, largest first. */
    static final Map<String, Long> TIME = ordered("d", 86_400_000_000L, "h", 3_600_000_000L, "min", 60_000_000L,
            "s", 1_000_000L, "ms", 1_000L, "us", 1L);

    private static final Pattern NUMBER = Pattern.compile("([-+]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?)\\s*(.*)");
    private static final Pattern SETTING_UNIT = Pattern.compile("(\\d*)(\\D+)");

    /** A value the server would refuse, with what it would accept. */
    public static final class BadValue extends Exception {
        BadValue(String message) {
            super(message);
        }
    }

    private PgUnits() {
    }

    /** The value of {@code text} in the setting's own units (integers rounded as the server does). */
    public static double parse(PgSetting s, String text) throws BadValue {
        Matcher m = NUMBER.matcher(text.strip());
        String kind = "integer".equals(s.vartype()) ? "a whole number" : "a number";
        if (!m.matches()) throw new BadValue("'" + text + "' is not " + kind + accepted(s));
        double value = Double.parseDouble(m.group(1));
        String unit = m.group(2).strip();
        if (!unit.isEmpty()) {
            Map<String, Long> table = table(s).orElseThrow(() -> new BadValue("'" + text + "': " + s.name() + " takes no unit" + accepted(s)));
            Long size = table.get(unit);
            if (size == null) {
                // Units are case-sensitive: suggest only the case fix ("mb" -> "MB"); any two-letter unit is one edit from another.
                String hint = table.keySet().stream().filter(u -> u.equalsIgnoreCase(unit)).map(u -> " (did you mean '" + u + "'?)")
                        .findFirst().orElse("");
                throw new BadValue("'" + unit + "' is not a unit for " + s.name() + hint + "; valid units are "
                        + String.join(", ", validUnits(s)) + accepted(s));
            }
            value = value * size / unitSize(s);
        }
        if (Double.isNaN(value) || Double.isInfinite(value)) throw new BadValue("'" + text + "' is not " + kind + accepted(s));
        return "integer".equals(s.vartype()) ? Math.rint(value) : value;
    }

    /** A value in the setting's units as SHOW prints it: the largest unit that shows it exactly. */
    public static String display(PgSetting s, String valueInUnits) {
        if (valueInUnits == null) return null;
        Optional<Map<String, Long>> table = table(s);
        if (table.isEmpty() || !("integer".equals(s.vartype()) || "real".equals(s.vartype()))) return valueInUnits;
        double value;
        try {
            value = Double.parseDouble(valueInUnits);
        } catch (NumberFormatException e) {
            return valueInUnits;
        }
        if (value <= 0) return plain(value);
        String baseUnit = baseUnitName(s);
        boolean integer = "integer".equals(s.vartype()) && value == Math.rint(value);
        for (Map.Entry<String, Long> u : table.get().entrySet()) {
            if (integer) { // exact: a 2147483647kB maximum must not show as 2TB
                long base = (long) value * (long) unitSize(s);
                if (u.getKey().equals(baseUnit) || base % u.getValue() == 0) return base / u.getValue() + u.getKey();
            } else {
                double inUnit = value * unitSize(s) / u.getValue();
                if (u.getKey().equals(baseUnit) || Math.abs(inUnit - Math.rint(inUnit)) < 1e-9 * inUnit) return plain(inUnit) + u.getKey();
            }
        }
        return plain(value) + baseUnit;
    }

    /** The accepted range, shown with units and in the setting's own units: {@code 128kB .. 8TB (16 .. 1073741823 x 8kB)}. */
    public static String range(PgSetting s) {
        if (s.minVal() == null || s.maxVal() == null) return "";
        String raw = limit(s.minVal()) + " .. " + limit(s.maxVal());
        if (s.unit() == null) return raw;
        return display(s, s.minVal()) + " .. " + (huge(s.maxVal()) ? "no limit" : display(s, s.maxVal())) + " (" + raw + " x " + s.unit() + ")";
    }

    static List<String> validUnits(PgSetting s) {
        return table(s).map(t -> List.copyOf(t.keySet())).orElse(List.of());
    }

    private static String accepted(PgSetting s) {
        StringBuilder sb = new StringBuilder("; ").append(s.name()).append(" takes ")
                .append("integer".equals(s.vartype()) ? "a whole number" : "a number");
        if (s.unit() != null) sb.append(" of ").append(s.unit()).append(" units or a value with a unit (")
                .append(String.join(", ", validUnits(s))).append(')');
        String range = range(s);
        if (!range.isEmpty()) sb.append(", the server allows ").append(range);
        return sb.toString();
    }

    private static Optional<Map<String, Long>> table(PgSetting s) {
        if (s.unit() == null) return Optional.empty();
        String base = baseUnitName(s);
        if (MEMORY.containsKey(base)) return Optional.of(MEMORY);
        if (TIME.containsKey(base)) return Optional.of(TIME);
        return Optional.empty();
    }

    private static String baseUnitName(PgSetting s) {
        Matcher m = SETTING_UNIT.matcher(s.unit());
        return m.matches() ? m.group(2) : s.unit();
    }

    /** Bytes or microseconds in one of the setting's units ({@code 8kB} is 8192). */
    private static double unitSize(PgSetting s) {
        Matcher m = SETTING_UNIT.matcher(s.unit());
        if (!m.matches()) return 1;
        long count = m.group(1).isEmpty() ? 1 : Long.parseLong(m.group(1));
        Long size = MEMORY.containsKey(m.group(2)) ? MEMORY.get(m.group(2)) : TIME.get(m.group(2));
        return size == null ? 1 : (double) count * size;
    }

    private static String limit(String value) {
        return huge(value) ? "no limit" : value;
    }

    private static boolean huge(String value) {
        try {
            return Double.parseDouble(value) >= 1e300;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    static String plain(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private static Map<String, Long> ordered(Object... pairs) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) out.put((String) pairs[i], (Long) pairs[i + 1]);
        return java.util.Collections.unmodifiableMap(out);
    }
}
