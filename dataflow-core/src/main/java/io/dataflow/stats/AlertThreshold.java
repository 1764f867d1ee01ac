package io.dataflow.stats;

import io.dataflow.config.ConfigException;

/**
 * The guide's {@code alert_threshold}: statistics are outdated when older than
 * {@code staleness_days}, or when the rows changed since the last ANALYZE reach
 * {@code row_change_percent} of the rows it counted.
 *
 * @param stalenessDays    days (fractions allowed), more than 0
 * @param rowChangePercent percent of pg_class.reltuples, more than 0
 */
public record AlertThreshold(double stalenessDays, double rowChangePercent) {

    /** The guide's example values. */
    public static final AlertThreshold DEFAULT = new AlertThreshold(7, 20);

    public AlertThreshold {
        if (!(stalenessDays > 0) || !(rowChangePercent > 0)) {
            throw new IllegalArgumentException("thresholds must be more than 0: " + stalenessDays + " days, " + rowChangePercent + "%");
        }
    }

    /** From config values (null takes the default), refusing values that are not more than 0. */
    public static AlertThreshold of(Double stalenessDays, Double rowChangePercent, String where) {
        double days = stalenessDays == null ? DEFAULT.stalenessDays : stalenessDays;
        double change = rowChangePercent == null ? DEFAULT.rowChangePercent : rowChangePercent;
        if (!(days > 0)) throw new ConfigException(where, "alert_threshold.staleness_days", "must be more than 0 days, got " + days);
        if (!(change > 0)) throw new ConfigException(where, "alert_threshold.row_change_percent", "must be more than 0 percent, got " + change);
        return new AlertThreshold(days, change);
    }
}
