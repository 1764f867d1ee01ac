package io.dataflow.maintenance;

import io.dataflow.config.ConfigException;
import io.dataflow.config.DidYouMean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * PostgreSQL's table storage parameters (CREATE TABLE ... WITH, "Storage Parameters"), with the
 * types and bounds of {@code src/backend/access/common/reloptions.c}. Checked against PostgreSQL
 * 15 and 17 by {@code StorageParametersIT}; the server re-checks every change anyway.
 */
public final class StorageParameters {

    public static final String TOAST_PREFIX = "toast.";
    private static final long INT_MAX = Integer.MAX_VALUE;
    private static final Map<String, StorageParameter> TABLE = new LinkedHashMap<>();

    static {
        add(StorageParameter.integer("fillfactor", 10, 100, false));
        add(StorageParameter.integer("toast_tuple_target", 128, 8160, false));
        add(StorageParameter.integer("parallel_workers", 0, 1024, false));
        add(StorageParameter.bool("autovacuum_enabled", true));
        add(StorageParameter.enumeration("vacuum_index_cleanup", true, "auto", "on", "off"));
        add(StorageParameter.bool("vacuum_truncate", true));
        add(StorageParameter.integer("autovacuum_vacuum_threshold", 0, INT_MAX, true));
        add(StorageParameter.integer("autovacuum_vacuum_max_threshold", -1, INT_MAX, true).since(180000));
        add(StorageParameter.real("autovacuum_vacuum_scale_factor", 0, 100, true));
        add(StorageParameter.integer("autovacuum_vacuum_insert_threshold", -1, INT_MAX, true).since(130000));
        add(StorageParameter.real("autovacuum_vacuum_insert_scale_factor", 0, 100, true).since(130000));
        add(StorageParameter.integer("autovacuum_analyze_threshold", 0, INT_MAX, false));
        add(StorageParameter.real("autovacuum_analyze_scale_factor", 0, 100, false));
        add(StorageParameter.real("autovacuum_vacuum_cost_delay", 0, 100, true));
        add(StorageParameter.integer("autovacuum_vacuum_cost_limit", 1, 10000, true));
        add(StorageParameter.integer("autovacuum_freeze_min_age", 0, 1_000_000_000, true));
        add(StorageParameter.integer("autovacuum_freeze_max_age", 100_000, 2_000_000_000, true));
        add(StorageParameter.integer("autovacuum_freeze_table_age", 0, 2_000_000_000, true));
        add(StorageParameter.integer("autovacuum_multixact_freeze_min_age", 0, 1_000_000_000, true));
        add(StorageParameter.integer("autovacuum_multixact_freeze_max_age", 10_000, 2_000_000_000, true));
        add(StorageParameter.integer("autovacuum_multixact_freeze_table_age", 0, 2_000_000_000, true));
        add(StorageParameter.integer("log_autovacuum_min_duration", -1, INT_MAX, true));
        add(StorageParameter.bool("user_catalog_table", false));
    }

    private StorageParameters() {
    }

    private static void add(StorageParameter p) {
        TABLE.put(p.name(), p);
    }

    /** Every parameter, heap names first. */
    public static List<StorageParameter> all() {
        return List.copyOf(TABLE.values());
    }

    /** Every name a config may use: the heap names and the accepted {@code toast.} names. */
    public static List<String> names() {
        List<String> out = new ArrayList<>(TABLE.keySet());
        TABLE.values().stream().filter(StorageParameter::toast).forEach(p -> out.add(TOAST_PREFIX + p.name()));
        return out;
    }

    /** The parameter a name (possibly {@code toast.}-prefixed) sets, if it is one. */
    public static Optional<StorageParameter> find(String name) {
        if (name.startsWith(TOAST_PREFIX)) {
            StorageParameter p = TABLE.get(name.substring(TOAST_PREFIX.length()));
            return p != null && p.toast() ? Optional.of(p) : Optional.empty();
        }
        return Optional.ofNullable(TABLE.get(name));
    }

    /** The parameter, or a refusal that suggests the nearest name. */
    public static StorageParameter require(String name, String where, String key, List<String> otherKeys) {
        return find(name).orElseThrow(() -> {
            List<String> candidates = new ArrayList<>(names());
            candidates.addAll(otherKeys);
            String toastHint = name.startsWith(TOAST_PREFIX) && TABLE.containsKey(name.substring(TOAST_PREFIX.length()))
                    ? "; " + name.substring(TOAST_PREFIX.length()) + " applies to the table only, not to its TOAST table" : "";
            return new ConfigException(where, key, "unknown storage parameter '" + name + "'" + DidYouMean.hint(name, candidates)
                    + toastHint + "; accepted: " + String.join(", ", candidates));
        });
    }
}
