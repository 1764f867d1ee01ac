package io.dataflow.maintenance;

import io.dataflow.config.ConfigReader;
import io.dataflow.workflow.Reference;
import java.util.ArrayList;
import java.util.List;

/**
 * A VACUUM to run now.
 *
 * @param tables        the tables, vacuumed one by one in this order
 * @param full          VACUUM FULL: rewrites the table and returns space to the OS, under an ACCESS EXCLUSIVE lock
 * @param analyze       also refresh planner statistics
 * @param lockTimeoutMs give up on a table whose lock is not granted within this many ms; null waits
 * @param where         names the node in messages
 */
public record VacuumRequest(List<TableName> tables, boolean full, boolean analyze, Integer lockTimeoutMs, String where) {

    public VacuumRequest {
        tables = List.copyOf(tables);
    }

    public static VacuumRequest of(List<String> tables, boolean full, boolean analyze) {
        List<TableName> names = new ArrayList<>();
        for (int i = 0; i < tables.size(); i++) names.add(TableName.parse(tables.get(i), "Vacuum", "tables[" + i + "]"));
        return new VacuumRequest(names, full, analyze, null, "Vacuum");
    }

    /** Reads {@code tables, full, analyze, lock_timeout_ms}; references are left for run time. */
    public static VacuumRequest read(ConfigReader config) {
        List<TableName> names = new ArrayList<>();
        if (!(config.value("tables") instanceof Reference)) {
            List<?> raw = config.list("tables");
            if (raw.isEmpty()) throw config.error("tables", "names no table");
            for (int i = 0; i < raw.size(); i++) {
                if (raw.get(i) instanceof Reference) continue;
                if (!(raw.get(i) instanceof String s)) {
                    throw config.error("tables[" + i + "]", "must be a table name, got " + ConfigReader.describe(raw.get(i)));
                }
                names.add(TableName.parse(s, config.where(), config.path("tables[" + i + "]")));
            }
        }
        Integer timeout = config.optInteger("lock_timeout_ms").orElse(null);
        if (timeout != null && timeout <= 0) throw config.error("lock_timeout_ms", "must be positive (leave it out to wait)");
        return new VacuumRequest(names, config.bool("full", false), config.bool("analyze", true), timeout, config.where());
    }
}
