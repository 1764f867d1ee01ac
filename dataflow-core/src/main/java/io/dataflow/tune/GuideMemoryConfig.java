package io.dataflow.tune;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The guide's {@code calculate_memory_config(total_ram_gb)}, formula for formula, for users who
 * copy the guide. It is a rule of thumb: the tuner ({@link Tuner}) uses PgTune's formulas instead.
 */
public final class GuideMemoryConfig {

    private GuideMemoryConfig() {
    }

    /**
     * shared_buffers 25% and effective_cache_size 75% in whole GB, work_mem 1% and
     * maintenance_work_mem 5% in whole MB: each truncated like Python's {@code int()}, with the
     * same floating-point operations in the same order so the results match the Python exactly.
     */
    public static Map<String, String> calculate(double totalRamGb) {
        if (Double.isNaN(totalRamGb) || Double.isInfinite(totalRamGb) || totalRamGb < 0) {
            throw new IllegalArgumentException("total RAM must be a finite number of GB, at least 0; got " + totalRamGb);
        }
        Map<String, String> out = new LinkedHashMap<>();
        out.put("shared_buffers", (long) (totalRamGb * 0.25) + "GB");
        out.put("effective_cache_size", (long) (totalRamGb * 0.75) + "GB");
        out.put("work_mem", (long) (totalRamGb * 1024 * 0.01) + "MB");
        out.put("maintenance_work_mem", (long) (totalRamGb * 1024 * 0.05) + "MB");
        return out;
    }
}
