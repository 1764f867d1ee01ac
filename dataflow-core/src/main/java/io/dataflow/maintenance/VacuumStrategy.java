package io.dataflow.maintenance;

import io.dataflow.DataFlow;
import io.dataflow.DataFlowException;
import io.dataflow.config.ConfigException;
import io.dataflow.schedule.Job;
import io.dataflow.schedule.MaintenanceWindow;
import io.dataflow.sql.Identifiers;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Per-table autovacuum and storage settings (the guide's VacuumStrategyNode). Every name and value
 * is checked first (the static table, then the server on a TEMP table); then all tables change in
 * one transaction, so a config either applies whole or not at all. Manual VACUUM schedules become
 * scheduler jobs running {@code VacuumNode}.
 */
public final class VacuumStrategy {

    /** The node type manual VACUUM jobs run. */
    public static final String VACUUM_NODE = "VacuumNode";
    /** How long an ALTER TABLE waits for its lock (a running VACUUM holds a conflicting one). */
    private static final String LOCK_TIMEOUT = "30s";

    private final DataFlow db;

    public VacuumStrategy(DataFlow db) {
        PostgresOnly.require(db, "VacuumStrategy");
        this.db = db;
    }

    /**
     * How to apply: {@code where} names the node in messages; {@code maintenanceWindow} bounds the
     * manual VACUUM jobs; a dry run makes the changes, reads them back and rolls them back.
     */
    public record Options(String where, String maintenanceWindow, boolean dryRun) {
        public static Options defaults() {
            return new Options("VacuumStrategy", null, false);
        }
    }

    public VacuumStrategyReport apply(List<TableSettings> tables, Options options) {
        String where = options.where();
        if (tables.isEmpty()) throw new ConfigException(where, "tables", "names no table");
        if (options.maintenanceWindow() != null) MaintenanceWindow.parse(options.maintenanceWindow(), where, "maintenance_window");
        ReloptionCheck.checkVersions(tables, db.capabilities(), where);
        List<String> warnings = new ArrayList<>();
        List<Relation> relations = new ArrayList<>();
        List<TableChange> changes = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                relations = resolve(c, tables, where);
                String probeWarning = ReloptionCheck.probe(c, tables, where);
                if (probeWarning != null) warnings.add(probeWarning);
                changes = alter(c, tables, relations);
                if (options.dryRun()) c.rollback();
                else c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new DataFlowException(where + ": the storage parameters could not be set, nothing was changed: " + e.getMessage(), e);
        }
        List<TableChange> out = new ArrayList<>();
        for (int i = 0; i < tables.size(); i++) {
            TableSettings t = tables.get(i);
            TableChange change = changes.get(i);
            ScheduledJob job = t.manualVacuumSchedule() == null || options.dryRun() ? null
                    : register(relations.get(i), t.manualVacuumSchedule(), options.maintenanceWindow());
            out.add(new TableChange(change.table(), change.before(), change.after(), change.changed(), change.statement(), job));
            if ("false".equals(t.parameters().get("autovacuum_enabled")) && t.manualVacuumSchedule() == null) {
                warnings.add(change.table() + ": autovacuum is off and no manual_vacuum_schedule is set, so dead rows pile up"
                        + " until someone runs VACUUM (only anti-wraparound autovacuum still runs)");
            }
        }
        return new VacuumStrategyReport(!options.dryRun(), out, warnings);
    }

    /**
     * The guide's {@code increase_vacuum_frequency}: halves the table's autovacuum vacuum and
     * analyze scale factors (its own, else the server's), never below {@link ScaleFactors#FLOOR}.
     */
    public TableChange increaseVacuumFrequency(TableName table, String where, String key) {
        Map<String, String> lowered = new LinkedHashMap<>();
        try (Connection c = db.dataSource().getConnection()) {
            Relation r = Relations.requireTable(c, table, where, key);
            Map<String, String> current = Relations.reloptions(c, r.oid());
            for (String name : ScaleFactors.NAMES) {
                double now = current.containsKey(name) ? Double.parseDouble(current.get(name)) : serverSetting(c, name);
                double next = ScaleFactors.lowered(now);
                if (next < now) lowered.put(name, StorageParameters.find(name).orElseThrow().render(next, where, key + "." + name));
            }
            if (lowered.isEmpty()) {
                return new TableChange(r.qualified(), current, current, List.of(), null, null);
            }
        } catch (SQLException e) {
            throw new DataFlowException(where + ": cannot read the scale factors of " + table + ": " + e.getMessage(), e);
        }
        return apply(List.of(new TableSettings(table, key, lowered, null)), new Options(where, null, false)).tables().get(0);
    }

    private static double serverSetting(Connection c, String name) throws SQLException {
        try (var ps = c.prepareStatement("SELECT current_setting(?)::float8")) {
            ps.setString(1, name);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getDouble(1);
            }
        }
    }

    private static List<Relation> resolve(Connection c, List<TableSettings> tables, String where) throws SQLException {
        List<Relation> out = new ArrayList<>();
        Map<Long, String> seen = new HashMap<>();
        for (TableSettings t : tables) {
            Relation r = Relations.requireTable(c, t.table(), where, t.key());
            String previous = seen.putIfAbsent(r.oid(), t.key());
            if (previous != null) throw new ConfigException(where, t.key(), "is the same table as " + previous + ": set it once");
            out.add(r);
        }
        return out;
    }

    private static List<TableChange> alter(Connection c, List<TableSettings> tables, List<Relation> relations) throws SQLException {
        List<TableChange> out = new ArrayList<>();
        try (Statement st = c.createStatement()) {
            st.execute("SET LOCAL lock_timeout = '" + LOCK_TIMEOUT + "'");
            for (int i = 0; i < tables.size(); i++) {
                Relation r = relations.get(i);
                Map<String, String> before = Relations.reloptions(c, r.oid());
                String statement = null;
                if (!tables.get(i).parameters().isEmpty()) {
                    statement = "ALTER TABLE " + r.sql() + " SET (" + assignments(tables.get(i).parameters()) + ")";
                    st.execute(statement);
                }
                Map<String, String> after = Relations.reloptions(c, r.oid());
                List<String> changed = new ArrayList<>();
                for (String k : tables.get(i).parameters().keySet()) {
                    if (!Objects.equals(before.get(k), after.get(k))) changed.add(k);
                }
                out.add(new TableChange(r.qualified(), before, after, changed, statement, null));
            }
        }
        return out;
    }

    /** {@code name = 'value', ...}: names come from the parameter table, values are literals. */
    static String assignments(Map<String, String> parameters) {
        List<String> parts = new ArrayList<>();
        parameters.forEach((name, value) -> {
            if (StorageParameters.find(name).isEmpty()) throw new IllegalArgumentException("not a storage parameter: " + name);
            parts.add(name + " = " + Identifiers.literal(value));
        });
        return String.join(", ", parts);
    }

    private ScheduledJob register(Relation table, String schedule, String window) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("tables", List.of(table.qualified()));
        config.put("full", false);
        config.put("analyze", true);
        Job job = db.scheduler().register(ScheduledJob.name("vacuum", table), schedule, VACUUM_NODE, config, window);
        return ScheduledJob.of(job);
    }
}
