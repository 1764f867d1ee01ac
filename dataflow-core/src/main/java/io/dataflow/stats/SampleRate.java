package io.dataflow.stats;

import io.dataflow.config.ConfigException;
import io.dataflow.config.ConfigReader;
import java.util.Locale;

/**
 * The guide's {@code sample_rate}, in percent, as a per-column statistics target.
 *
 * <p>PostgreSQL has no sampling percentage: ANALYZE reads {@code 300 × target} rows, and the same
 * target sizes each column's most-common-values list and histogram. So a rate is read as a share of
 * the largest statistics ANALYZE can keep: {@code target = round(rate × 100)}, 100% being the
 * maximum target 10000 (a 3,000,000-row sample), never below the server's
 * {@code default_statistics_target} (asking for a sample must not make statistics coarser than the
 * default). With the usual default of 100: 1% → 100, 10% → 1000, 50% → 5000, 100% → 10000.
 * {@link #DEFAULT} ({@code sample_rate: default}) returns columns to the server default ({@code SET STATISTICS -1}).
 *
 * @param percent 1 to 100, or null for {@link #DEFAULT}
 */
public record SampleRate(Double percent) {

    /** The largest per-column statistics target PostgreSQL accepts. */
    public static final int MAX_TARGET = 10_000;
    /** {@code SET STATISTICS -1}: follow default_statistics_target again. */
    public static final int RESET = -1;
    public static final SampleRate DEFAULT = new SampleRate(null);

    public SampleRate {
        if (percent != null && !(percent >= 1 && percent <= 100)) {
            throw new IllegalArgumentException("a sample rate is 1 to 100 percent, got " + percent);
        }
    }

    public static SampleRate percent(double percent) {
        return new SampleRate(percent);
    }

    public boolean isDefault() {
        return percent == null;
    }

    /** The SET STATISTICS value for this rate on a server whose default target is {@code defaultTarget}. */
    public int target(int defaultTarget) {
        if (isDefault()) return RESET;
        long proportional = Math.round(percent * MAX_TARGET / 100.0);
        return (int) Math.min(MAX_TARGET, Math.max(defaultTarget, proportional));
    }

    /** Reads a config value: null (keep the columns' targets), {@code "default"}, or a number 1..100. */
    public static SampleRate parse(Object value, String where, String key) {
        if (value == null) return null;
        if (value instanceof String s && s.strip().toLowerCase(Locale.ROOT).equals("default")) return DEFAULT;
        Double number = value instanceof Number n ? Double.valueOf(n.doubleValue()) : numeric(value);
        if (number == null || !(number >= 1 && number <= 100)) {
            throw new ConfigException(where, key, "must be a percentage from 1 to 100 (100 = statistics target "
                    + MAX_TARGET + ", the largest sample ANALYZE takes) or 'default' to return to default_statistics_target; got "
                    + ConfigReader.describe(value));
        }
        return percent(number);
    }

    private static Double numeric(Object value) {
        if (!(value instanceof String s)) return null;
        try {
            return Double.parseDouble(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
