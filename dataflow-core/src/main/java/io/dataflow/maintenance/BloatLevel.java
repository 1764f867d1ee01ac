package io.dataflow.maintenance;

import java.util.Locale;

/**
 * How a relation's bloat compares with the thresholds.
 * <ul>
 * <li>HIGH: ratio &ge; threshold and wasted &ge; min_wasted_bytes</li>
 * <li>MEDIUM: ratio &ge; 1 + (threshold - 1) / 2 (half-way to the threshold) and wasted &ge; min_wasted_bytes</li>
 * <li>OK: otherwise; UNKNOWN when it could not be measured</li>
 * </ul>
 * min_wasted_bytes keeps small tables quiet: a 40 kB table at ratio 5 is not worth a lock.
 */
public enum BloatLevel {
    HIGH, MEDIUM, OK, UNKNOWN;

    /** The ratio from which a relation counts as medium bloat, given the high threshold. */
    public static double mediumRatio(double highRatio) {
        return 1 + (highRatio - 1) / 2;
    }

    public static BloatLevel classify(double ratio, long wastedBytes, double highRatio, long minWastedBytes) {
        if (Double.isNaN(ratio)) return UNKNOWN;
        if (wastedBytes < minWastedBytes) return OK;
        if (ratio >= highRatio) return HIGH;
        if (ratio >= mediumRatio(highRatio)) return MEDIUM;
        return OK;
    }

    /** The config's word: {@code high_bloat} or {@code medium_bloat}. */
    public String actionKey() {
        return name().toLowerCase(Locale.ROOT) + "_bloat";
    }

    @com.fasterxml.jackson.annotation.JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
