package io.dataflow.pool;

/** The guide's three workload patterns, each with its own pool configuration. */
public enum Workload {
    PEAK, NORMAL, MAINTENANCE;

    public String configName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
