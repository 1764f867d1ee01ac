package io.dataflow.monitor;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Every metric the monitor collects: its name (in rules, in {@code dataflow.monitor_samples}, and
 * with a {@code dataflow_} prefix in Prometheus), the label naming its subject, and what it means.
 * docs/monitoring.md lists the same table.
 */
public final class MetricCatalog {

    /** One metric. {@code label} is null for a database-wide value. */
    public record Metric(String name, String label, String help) {
        public String prometheusName() {
            return "dataflow_" + name;
        }
    }

    public static final String QUERY_MEAN_TIME_MS = "query_mean_time_ms";
    public static final String QUERY_CALLS = "query_calls";
    public static final String SLOW_QUERIES = "slow_queries";
    public static final String UNUSED_INDEXES = "unused_indexes";
    public static final String DUPLICATE_INDEXES = "duplicate_indexes";
    public static final String INVALID_INDEXES = "invalid_indexes";
    public static final String INVALID_CONSTRAINTS = "invalid_constraints";
    public static final String INDEX_SCAN_RATIO = "index_scan_ratio";
    public static final String INDEX_BLOAT = "index_bloat_ratio";
    public static final String TABLE_LIVE_ROWS = "table_live_rows";
    public static final String TABLE_DEAD_ROWS = "table_dead_rows";
    public static final String TABLE_SIZE_BYTES = "table_size_bytes";
    public static final String TABLE_INDEXES_SIZE_BYTES = "table_indexes_size_bytes";
    public static final String DEAD_TUPLE_RATIO = "dead_tuple_ratio";
    public static final String ROW_ESTIMATE_ERROR = "row_estimate_error";
    public static final String LOCK_WAITS = "lock_waits";
    public static final String LONGEST_LOCK_WAIT = "longest_lock_wait_seconds";
    public static final String DEADLOCKS = "deadlocks";
    public static final String DEADLOCKS_TOTAL = "deadlocks_total_count";
    public static final String LONGEST_TRANSACTION = "longest_transaction_seconds";
    public static final String IDLE_IN_TRANSACTION = "idle_in_transaction_seconds";
    public static final String LONG_RUNNING_QUERIES = "long_running_queries";
    public static final String CACHE_HIT_RATE = "cache_hit_rate";
    public static final String CONNECTION_USAGE = "connection_usage";
    public static final String WRAPAROUND = "transaction_id_wraparound";
    public static final String SEQUENCE_USAGE = "sequence_usage";

    private static final Map<String, Metric> ALL = new LinkedHashMap<>();

    static {
        add(QUERY_MEAN_TIME_MS, "queryid", "mean execution time of a normalized statement over the last collection interval (pg_stat_statements)");
        add(QUERY_CALLS, "queryid", "calls of a normalized statement in the last collection interval");
        add(SLOW_QUERIES, null, "statements whose mean time in the last interval was over threshold_ms");
        add(UNUSED_INDEXES, null, "indexes never scanned since the statistics reset (not unique, not backing a constraint)");
        add(DUPLICATE_INDEXES, null, "indexes identical to, or a prefix of, another index of their table");
        add(INVALID_INDEXES, null, "indexes left invalid (e.g. by a failed CREATE INDEX CONCURRENTLY)");
        add(INVALID_CONSTRAINTS, null, "constraints added NOT VALID and never validated");
        add(INDEX_SCAN_RATIO, "table", "share of a table's scans that used an index: idx_scan / (seq_scan + idx_scan)");
        add(INDEX_BLOAT, "index", "an index's size / the size its entries need (1.0 is packed), from the bloat monitor");
        add(TABLE_LIVE_ROWS, "table", "live rows (n_live_tup)");
        add(TABLE_DEAD_ROWS, "table", "dead rows waiting for vacuum (n_dead_tup)");
        add(TABLE_SIZE_BYTES, "table", "a table's bytes on disk without its indexes: heap, TOAST and maps (pg_table_size)");
        add(TABLE_INDEXES_SIZE_BYTES, "table", "the bytes of all a table's indexes (pg_indexes_size)");
        add(DEAD_TUPLE_RATIO, "table", "dead rows / (live + dead rows)");
        add(ROW_ESTIMATE_ERROR, "table", "the planner's row estimate (reltuples) against the counted live rows, as a ratio >= 1");
        add(LOCK_WAITS, null, "sessions waiting for a lock now");
        add(LONGEST_LOCK_WAIT, null, "the longest current lock wait");
        add(DEADLOCKS, null, "deadlocks since the previous collection");
        add(DEADLOCKS_TOTAL, null, "pg_stat_database.deadlocks of this database (since its statistics reset)");
        add(LONGEST_TRANSACTION, null, "age of the oldest open transaction");
        add(IDLE_IN_TRANSACTION, null, "the longest time a session has sat idle in an open transaction");
        add(LONG_RUNNING_QUERIES, null, "queries running for more than a minute");
        add(CACHE_HIT_RATE, null, "shared buffer hits / (hits + reads) over user tables and indexes");
        add(CONNECTION_USAGE, null, "connections / max_connections");
        add(WRAPAROUND, null, "age(datfrozenxid) of this database / 2^31: 1.0 is the wraparound stop");
        add(SEQUENCE_USAGE, "sequence", "a sequence's last value / its maximum");
    }

    private MetricCatalog() {
    }

    private static void add(String name, String label, String help) {
        ALL.put(name, new Metric(name, label, help));
    }

    public static Map<String, Metric> all() {
        return java.util.Collections.unmodifiableMap(ALL);
    }

    public static Optional<Metric> get(String name) {
        return Optional.ofNullable(ALL.get(name));
    }
}
