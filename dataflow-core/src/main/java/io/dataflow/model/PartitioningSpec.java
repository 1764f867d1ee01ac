package io.dataflow.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How a model's table is partitioned: by time range, by a list of values, or by hash. */
public sealed interface PartitioningSpec {

    /** The partition key column. */
    String key();

    /** The PostgreSQL strategy word. */
    String strategy();

    /**
     * Time-range partitioning with retention and automatic maintenance.
     *
     * @param interval            the width of a partition
     * @param retention           what to keep, archive and delete, in months (null when not set)
     * @param createAhead         how many future partitions to keep created ahead of now
     * @param maintenanceSchedule when maintenance runs (daily, hourly, weekly, monthly or cron); null when the model
     *                            has no {@code automatic} section (no maintenance job is registered for it)
     */
    record Range(String key, PartitionInterval interval, Retention retention, int createAhead,
                 String maintenanceSchedule) implements PartitioningSpec {
        public String strategy() {
            return "range";
        }
    }

    /** Retention in months: keep online, archive after, delete after. Unset values are -1. */
    record Retention(int keepMonths, int archiveMonths, int deleteAfterMonths) {
    }

    /** List partitioning: partition table name to the key values it holds, plus a DEFAULT partition. */
    record ListOf(String key, Map<String, List<String>> partitions) implements PartitioningSpec {
        public ListOf {
            partitions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(partitions));
        }

        public String strategy() {
            return "list";
        }
    }

    /** Hash partitioning into a fixed number of partitions. */
    record Hash(String key, int partitions) implements PartitioningSpec {
        public String strategy() {
            return "hash";
        }
    }
}
