package io.dataflow.tune;

/**
 * What PgTune's formulas take.
 *
 * @param workload     what the server mostly does
 * @param ramKb        the RAM PostgreSQL may use, in kB (after any OS reserve and connection overhead)
 * @param cpus         CPUs, or null when unknown (PgTune then leaves the parallel settings alone)
 * @param storage      the data directory's storage
 * @param connections  max_connections to plan work_mem for
 * @param majorVersion the server's major version
 */
public record TuneProfile(Workload workload, long ramKb, Integer cpus, StorageType storage, int connections, int majorVersion) {

    public TuneProfile {
        if (ramKb <= 0) throw new IllegalArgumentException("RAM must be more than 0 kB, got " + ramKb);
        if (cpus != null && cpus < 1) throw new IllegalArgumentException("CPUs must be at least 1, got " + cpus);
        if (connections < 1) throw new IllegalArgumentException("connections must be at least 1, got " + connections);
    }
}
