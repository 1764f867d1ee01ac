package io.dataflow.maintenance;

import java.util.List;

/** How {@code increase_vacuum_frequency} lowers a table's autovacuum scale factors. */
public final class ScaleFactors {

    /** The scale factors it lowers: dead-row (vacuum) and changed-row (analyze) triggers. */
    public static final List<String> NAMES = List.of("autovacuum_vacuum_scale_factor", "autovacuum_analyze_scale_factor");
    /** Below 1% autovacuum would chase every few changed rows of a large table. */
    public static final double FLOOR = 0.01;

    private ScaleFactors() {
    }

    /** Half the current value, at least {@link #FLOOR}; a value already below the floor stays. */
    public static double lowered(double current) {
        if (current <= FLOOR) return current;
        return Math.max(FLOOR, Math.round(current / 2 * 10000) / 10000.0);
    }
}
