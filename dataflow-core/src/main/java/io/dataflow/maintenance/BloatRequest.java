package io.dataflow.maintenance;

import io.dataflow.config.ConfigException;
import io.dataflow.config.ConfigReader;
import io.dataflow.config.DidYouMean;
import io.dataflow.schedule.MaintenanceWindow;
import io.dataflow.workflow.Reference;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What BloatMonitor checks and does.
 *
 * @param tables              the tables (with their indexes); empty for every user table
 * @param thresholds          when a relation counts as bloated
 * @param actions             per level (HIGH, MEDIUM) what to do
 * @param maintenanceWindow   HH:MM-HH:MM (UTC) for scheduled VACUUM FULL, or null
 * @param method              auto (pgstattuple when possible), exact (pgstattuple or fail), estimate (catalog only)
 * @param analyze             run ANALYZE before a catalog estimate, so it reflects the table as it is now
 * @param exactScanLimitBytes in auto, relations larger than this are not read whole (pgstattuple_approx / estimate)
 * @param dryRun              measure and say what would be done, without doing it
 * @param where               names the node in messages
 */
public record BloatRequest(List<TableName> tables, BloatThresholds thresholds, Map<BloatLevel, List<BloatAction>> actions,
                           String maintenanceWindow, Method method, boolean analyze, long exactScanLimitBytes,
                           boolean dryRun, String where) {

    public enum Method {
        AUTO, EXACT, ESTIMATE;

        public static List<String> words() {
            return List.of("auto", "exact", "estimate");
        }
    }

    /** Where schedule_vacuum_full runs when the config names no window (UTC). */
    public static final String DEFAULT_WINDOW = "02:00-05:00";

    /** 1 GiB: pgstattuple reads every page, which is fine below this on a maintenance schedule. */
    public static final long DEFAULT_EXACT_SCAN_LIMIT = 1L << 30;

    public BloatRequest {
        tables = List.copyOf(tables);
        Map<BloatLevel, List<BloatAction>> copy = new EnumMap<>(BloatLevel.class);
        actions.forEach((level, list) -> copy.put(level, List.copyOf(list)));
        actions = java.util.Collections.unmodifiableMap(copy);
        // The guide's config has no window: VACUUM FULL then waits for the conventional night window.
        if (maintenanceWindow == null) maintenanceWindow = DEFAULT_WINDOW;
        MaintenanceWindow.parse(maintenanceWindow, where, "maintenance_window");
    }

    /** The guide's defaults: its thresholds, report only, every table. */
    public static BloatRequest defaults() {
        return new BloatRequest(List.of(), BloatThresholds.GUIDE, Map.of(), null, Method.AUTO, true, DEFAULT_EXACT_SCAN_LIMIT, false, "BloatMonitor");
    }

    public List<BloatAction> actionsFor(BloatLevel level) {
        return actions.getOrDefault(level, List.of());
    }

    public static BloatRequest read(ConfigReader config) {
        String where = config.where();
        List<TableName> tables = new ArrayList<>();
        if (!(config.value("tables") instanceof Reference)) {
            List<String> names = config.optStringList("tables").orElse(List.of());
            for (int i = 0; i < names.size(); i++) tables.add(TableName.parse(names.get(i), where, config.path("tables[" + i + "]")));
        }
        String method = config.optString("method").orElse("auto");
        if (!Method.words().contains(method)) {
            throw config.error("method", "'" + method + "' is not a method" + DidYouMean.hint(method, Method.words())
                    + "; accepted: auto, exact, estimate");
        }
        long limit = config.optNumber("exact_scan_limit_bytes").map(Double::longValue).orElse(DEFAULT_EXACT_SCAN_LIMIT);
        if (limit < 0) throw config.error("exact_scan_limit_bytes", "must not be negative");
        return new BloatRequest(tables, BloatThresholds.read(config), actions(config), config.optString("maintenance_window").orElse(null),
                Method.valueOf(method.toUpperCase(Locale.ROOT)), config.bool("analyze", true), limit, config.bool("dry_run", false), where);
    }

    /** {@code actions: {high_bloat: action or [actions], medium_bloat: ...}}. */
    private static Map<BloatLevel, List<BloatAction>> actions(ConfigReader config) {
        Map<BloatLevel, List<BloatAction>> out = new EnumMap<>(BloatLevel.class);
        ConfigReader section = config.optSection("actions").orElse(null);
        if (section == null) return out;
        section.allowOnly(List.of(BloatLevel.HIGH.actionKey(), BloatLevel.MEDIUM.actionKey()));
        for (BloatLevel level : List.of(BloatLevel.HIGH, BloatLevel.MEDIUM)) {
            String key = level.actionKey();
            Object value = section.value(key);
            if (value == null) continue;
            List<String> words = value instanceof String s ? List.of(s) : section.optStringList(key).orElse(List.of());
            List<BloatAction> list = new ArrayList<>();
            for (String w : words) list.add(BloatAction.parse(w, config.where(), section.path(key)));
            out.put(level, list);
        }
        return out;
    }
}
