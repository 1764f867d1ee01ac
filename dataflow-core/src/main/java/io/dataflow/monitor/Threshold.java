package io.dataflow.monitor;

import io.dataflow.config.ConfigException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a value breaches a rule, as the guide writes it: {@code "5x baseline"} (the value is more than
 * five times its own baseline), {@code "3x optimal"} (a ratio to the optimum, such as bloat's size /
 * needed, above 3), {@code "> 0.9"}, {@code ">= 100"}, {@code "< 0.95"}, or a bare number (above it).
 *
 * @param kind   how the value is compared
 * @param factor the number written
 */
public record Threshold(Kind kind, double factor) {

    public enum Kind {
        /** value > factor x the subject's baseline */
        BASELINE,
        /** value (a ratio to optimal) > factor */
        OPTIMAL,
        ABOVE,
        AT_LEAST,
        BELOW,
        AT_MOST
    }

    private static final Pattern MULTIPLE = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*x\\s+(baseline|optimal)\\s*", Pattern.CASE_INSENSITIVE);
    private static final Pattern COMPARE = Pattern.compile("\\s*(>=|<=|>|<)?\\s*(-?\\d+(?:\\.\\d+)?)\\s*");

    public static Threshold parse(Object value, String where, String key) {
        if (value instanceof Number n) return new Threshold(Kind.ABOVE, n.doubleValue());
        String text = value == null ? "" : value.toString();
        Matcher m = MULTIPLE.matcher(text);
        if (m.matches()) {
            double f = Double.parseDouble(m.group(1));
            if (f <= 0) throw new ConfigException(where, key, "'" + text + "': the factor must be above 0");
            return new Threshold(m.group(2).toLowerCase(Locale.ROOT).equals("baseline") ? Kind.BASELINE : Kind.OPTIMAL, f);
        }
        m = COMPARE.matcher(text);
        if (m.matches()) {
            String op = m.group(1) == null ? ">" : m.group(1);
            Kind kind = switch (op) {
                case ">=" -> Kind.AT_LEAST;
                case "<" -> Kind.BELOW;
                case "<=" -> Kind.AT_MOST;
                default -> Kind.ABOVE;
            };
            return new Threshold(kind, Double.parseDouble(m.group(2)));
        }
        throw new ConfigException(where, key, "'" + text + "' is not a threshold: write '5x baseline', '3x optimal', '> 0.9', '< 0.95' or a number");
    }

    /** The value a breach is measured against: factor x baseline for BASELINE, the factor otherwise. */
    public double limit(double baseline) {
        return kind == Kind.BASELINE ? factor * baseline : factor;
    }

    public boolean breached(double value, double baseline) {
        double limit = limit(baseline);
        return switch (kind) {
            case BASELINE, OPTIMAL, ABOVE -> value > limit;
            case AT_LEAST -> value >= limit;
            case BELOW -> value < limit;
            case AT_MOST -> value <= limit;
        };
    }

    @Override
    public String toString() {
        return switch (kind) {
            case BASELINE -> fmt(factor) + "x baseline";
            case OPTIMAL -> fmt(factor) + "x optimal";
            case ABOVE -> "> " + fmt(factor);
            case AT_LEAST -> ">= " + fmt(factor);
            case BELOW -> "< " + fmt(factor);
            case AT_MOST -> "<= " + fmt(factor);
        };
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
