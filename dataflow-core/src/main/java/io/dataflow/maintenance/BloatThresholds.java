package io.dataflow.maintenance;

import io.dataflow.config.ConfigException;
import io.dataflow.config.ConfigReader;

/**
 * When a relation counts as bloated (the guide's {@code thresholds}).
 *
 * @param tableBloatRatio high bloat for a table: size / needed at least this
 * @param indexBloatRatio high bloat for an index
 * @param minWastedBytes  below this many wasted bytes nothing counts as bloated
 */
public record BloatThresholds(double tableBloatRatio, double indexBloatRatio, long minWastedBytes) {

    /** The guide's example values. */
    public static final BloatThresholds GUIDE = new BloatThresholds(2.0, 3.0, 1_048_576);

    public BloatThresholds {
        check(tableBloatRatio, "table_bloat_ratio");
        check(indexBloatRatio, "index_bloat_ratio");
        if (minWastedBytes < 0) throw new ConfigException("bloat thresholds", "min_wasted_bytes", "must not be negative");
    }

    private static void check(double ratio, String key) {
        if (!(ratio > 1.0)) {
            throw new ConfigException("bloat thresholds", key, ratio + " would count every relation as bloated: a ratio is"
                    + " size / size needed, so 1.0 is perfectly packed; use e.g. 2.0 for twice the needed size");
        }
    }

    /** Reads {@code thresholds: {table_bloat_ratio, index_bloat_ratio, min_wasted_bytes}}, the guide's values by default. */
    public static BloatThresholds read(ConfigReader config) {
        ConfigReader t = config.optSection("thresholds").orElse(null);
        if (t == null) return GUIDE;
        t.allowOnly(java.util.List.of("table_bloat_ratio", "index_bloat_ratio", "min_wasted_bytes"));
        try {
            return new BloatThresholds(t.optNumber("table_bloat_ratio").orElse(GUIDE.tableBloatRatio),
                    t.optNumber("index_bloat_ratio").orElse(GUIDE.indexBloatRatio),
                    t.optNumber("min_wasted_bytes").map(Double::longValue).orElse(GUIDE.minWastedBytes));
        } catch (ConfigException e) {
            throw t.error(e.key(), e.getMessage().substring(e.getMessage().indexOf(": ") + 2));
        }
    }

    public BloatLevel classify(boolean index, BloatFigures figures) {
        if (figures == null) return BloatLevel.UNKNOWN;
        return BloatLevel.classify(figures.bloatRatio(), figures.wastedBytes(), index ? indexBloatRatio : tableBloatRatio, minWastedBytes);
    }
}
