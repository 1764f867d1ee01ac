package io.dataflow.state;

import io.dataflow.DataFlowException;
import java.util.Arrays;
import java.util.Locale;

/** The features that keep state, each with its own tables in the state schema (created on its first write). */
public enum StateFeature {
    /** {@code jobs}, {@code job_runs}: scheduled jobs (every {@code schedule} key, the scheduler). */
    JOBS("scheduled jobs"),
    /** {@code tuning_runs}, {@code tuning_changes}: settings before an applied tuning, for revert. */
    TUNING("server tuning"),
    /** {@code lock_monitor_state}: the deadlock counter between checks, when asked to keep it in the database. */
    LOCKS("the lock monitor's deadlock counter"),
    /** {@code mviews}, {@code mview_refreshes}, {@code mview_invalidations}: managed materialized views. */
    MVIEWS("materialized views"),
    /** {@code partitions}, {@code partition_log}: partition lifecycle and archives. */
    PARTITIONS("partition maintenance"),
    /** {@code cache_notify()}: the trigger function behind change_notifications. */
    CACHE("cache change notifications"),
    /** {@code monitor_*}: metric and statement history, alerts. */
    MONITOR("the performance monitor's history");

    private final String label;

    StateFeature(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    static StateFeature byKey(String key) {
        return Arrays.stream(values()).filter(f -> f.key().equals(key)).findFirst()
                .orElseThrow(() -> new DataFlowException("unknown state feature '" + key + "' in migrations.txt"));
    }
}
