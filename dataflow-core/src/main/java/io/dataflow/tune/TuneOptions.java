package io.dataflow.tune;

import java.util.Set;

/**
 * What to tune for. Unset hardware facts (null) are detected on the machine running this JVM.
 *
 * @param workload                what the server mostly does
 * @param ramBytes                total RAM, or null to detect it
 * @param cpus                    CPUs, or null to detect them
 * @param storage                 storage type, or null to detect it
 * @param connections             connections to plan work_mem for, or null for the server's max_connections
 * @param reserveOsBytes          RAM kept for the OS and other programs, subtracted before the formulas
 * @param connectionOverheadBytes memory per connection outside work_mem; max_connections times this is subtracted too
 * @param detect                  whether to detect unset facts at all (false: RAM must be given; CPUs stay unknown)
 * @param categories              which recommendations: memory, storage, checkpoints, parallelism, planner (empty: all)
 */
public record TuneOptions(Workload workload, Long ramBytes, Integer cpus, StorageType storage, Integer connections,
                          long reserveOsBytes, long connectionOverheadBytes, boolean detect, Set<String> categories) {

    public TuneOptions {
        categories = Set.copyOf(categories);
        if (reserveOsBytes < 0 || connectionOverheadBytes < 0) throw new IllegalArgumentException("reserves must not be negative");
    }

    /** PgTune's defaults: a web workload, everything else detected, nothing reserved. */
    public static TuneOptions defaults() {
        return new TuneOptions(Workload.WEB, null, null, null, null, 0, 0, true, Set.of());
    }

    public TuneOptions workload(Workload w) {
        return new TuneOptions(w, ramBytes, cpus, storage, connections, reserveOsBytes, connectionOverheadBytes, detect, categories);
    }

    public TuneOptions ram(Long bytes) {
        return new TuneOptions(workload, bytes, cpus, storage, connections, reserveOsBytes, connectionOverheadBytes, detect, categories);
    }

    public TuneOptions cpus(Integer n) {
        return new TuneOptions(workload, ramBytes, n, storage, connections, reserveOsBytes, connectionOverheadBytes, detect, categories);
    }

    public TuneOptions storage(StorageType s) {
        return new TuneOptions(workload, ramBytes, cpus, s, connections, reserveOsBytes, connectionOverheadBytes, detect, categories);
    }

    public TuneOptions connections(Integer n) {
        return new TuneOptions(workload, ramBytes, cpus, storage, n, reserveOsBytes, connectionOverheadBytes, detect, categories);
    }

    public TuneOptions reserve(long osBytes, long perConnectionBytes) {
        return new TuneOptions(workload, ramBytes, cpus, storage, connections, osBytes, perConnectionBytes, detect, categories);
    }

    public TuneOptions detect(boolean on) {
        return new TuneOptions(workload, ramBytes, cpus, storage, connections, reserveOsBytes, connectionOverheadBytes, on, categories);
    }

    public TuneOptions only(String... categoryNames) {
        return new TuneOptions(workload, ramBytes, cpus, storage, connections, reserveOsBytes, connectionOverheadBytes, detect, Set.of(categoryNames));
    }
}
