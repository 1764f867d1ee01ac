package io.dataflow.tune;

/**
 * The hardware the recommendations are for, each fact with where it came from.
 *
 * @param ramBytes      total RAM (or the cgroup limit)
 * @param ramSource     {@code given}, {@code cgroup v2 memory.max (...)}, {@code /proc/meminfo MemTotal}, ...
 * @param cpus          CPUs, or null when unknown
 * @param cpuSource     {@code given} or {@code availableProcessors (honours cgroup CPU limits)}
 * @param storage       the data directory's storage
 * @param storageSource {@code given} or how it was detected
 * @param host          the machine that detected what was not given
 */
public record MachineFacts(long ramBytes, String ramSource, Integer cpus, String cpuSource, StorageType storage,
                           String storageSource, String host) {
}
