package io.dataflow.maintenance;

import io.dataflow.DataFlow;
import io.dataflow.schedule.Job;
import io.dataflow.schedule.MaintenanceWindow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Carries out the configured actions on bloated relations: tables first, so an index whose table
 * was just rewritten by VACUUM FULL is not rebuilt a second time. A failed action is reported with
 * its relation and does not stop the others.
 */
final class BloatActions {

    static final String VACUUM_FULL_JOB = "vacuum_full";

    private final DataFlow db;
    private final BloatRequest request;
    private final Clock clock;
    private final Set<Long> rewritten = new HashSet<>();
    private final Set<Long> loosened = new HashSet<>();
    private Boolean jobTable; // whether dataflow.jobs exists, looked up once

    BloatActions(DataFlow db, BloatRequest request, Clock clock) {
        this.db = db;
        this.request = request;
        this.clock = clock;
    }

    void apply(Connection c, List<Finding> tables, List<Finding> indexes) {
        for (Finding f : tables) {
            for (BloatAction a : request.actionsFor(f.level)) f.actions.add(attempt(c, f, a));
            if (f.level != BloatLevel.UNKNOWN && !request.actionsFor(f.level).contains(BloatAction.SCHEDULE_VACUUM_FULL)) {
                removeStaleJob(c, f);
            }
        }
        for (Finding f : indexes) {
            for (BloatAction a : request.actionsFor(f.level)) f.actions.add(attempt(c, f, a));
        }
    }

    private ActionResult attempt(Connection c, Finding f, BloatAction action) {
        try {
            return f.isIndex() ? onIndex(c, f, action) : onTable(f, action);
        } catch (RuntimeException | SQLException e) {
            return ActionResult.of(action, "failed", e.getMessage());
        }
    }

    private ActionResult onTable(Finding f, BloatAction action) {
        return switch (action) {
            case SCHEDULE_VACUUM_FULL -> scheduleVacuumFull(f.relation);
            case VACUUM_FULL_NOW -> vacuumFullNow(f.relation);
            case INCREASE_VACUUM_FREQUENCY -> increaseFrequency(f.relation);
            case REINDEX -> ActionResult.of(action, "skipped", "reindex applies to indexes: this table's bloated indexes are"
                    + " listed, and acted on, under indexes");
            case REPORT -> ActionResult.of(action, "reported", null);
        };
    }

    private ActionResult onIndex(Connection c, Finding f, BloatAction action) throws SQLException {
        return switch (action) {
            case REINDEX -> rewritten.contains(f.table.oid())
                    ? ActionResult.of(action, "skipped", "VACUUM FULL of " + f.table.qualified() + " already rebuilt it")
                    : reindex(c, f.relation);
            case INCREASE_VACUUM_FREQUENCY -> loosened.contains(f.table.oid())
                    ? ActionResult.of(action, "skipped", "the scale factors of " + f.table.qualified() + " were lowered already in this run")
                    : increaseFrequency(f.table);
            case SCHEDULE_VACUUM_FULL, VACUUM_FULL_NOW -> ActionResult.of(action, "skipped", "VACUUM FULL is for tables; for an"
                    + " index use reindex (REINDEX CONCURRENTLY rebuilds it without an exclusive lock)");
            case REPORT -> ActionResult.of(action, "reported", null);
        };
    }

    private ActionResult scheduleVacuumFull(Relation table) {
        String name = ScheduledJob.name(VACUUM_FULL_JOB, table);
        MaintenanceWindow window = MaintenanceWindow.parse(request.maintenanceWindow(), request.where(), "maintenance_window");
        String cron = WindowSchedule.nextOpening(window, clock.instant());
        String statement = "VACUUM (FULL, ANALYZE) " + table.sql();
        if (request.dryRun()) {
            return new ActionResult(BloatAction.SCHEDULE_VACUUM_FULL.word(), "planned", "would schedule " + statement
                    + " in the maintenance window " + window + " UTC (" + cron + ")", statement, name);
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("tables", List.of(table.qualified()));
        config.put("full", true);
        config.put("analyze", true);
        Job job = db.scheduler().register(name, cron, VacuumStrategy.VACUUM_NODE, config, request.maintenanceWindow());
        return new ActionResult(BloatAction.SCHEDULE_VACUUM_FULL.word(), "scheduled", statement + " at the next opening of the"
                + " maintenance window " + window + " UTC: " + job.nextRun() + " (ACCESS EXCLUSIVE lock while it runs;"
                + " a one-shot job, removed once it ran, or by a later check that finds the table no longer bloated)", statement, name);
    }

    private ActionResult vacuumFullNow(Relation table) {
        String statement = "VACUUM (FULL, ANALYZE) " + table.sql();
        if (request.dryRun()) return new ActionResult(BloatAction.VACUUM_FULL_NOW.word(), "planned", "would run " + statement, statement, null);
        VacuumReport.Vacuumed v = new Vacuum(db).run(new VacuumRequest(List.of(new TableName(table.schema(), table.name())),
                true, true, null, request.where())).tables().get(0);
        rewritten.add(table.oid());
        return new ActionResult(BloatAction.VACUUM_FULL_NOW.word(), "done", Bytes.human(v.bytesBefore()) + " -> "
                + Bytes.human(v.bytesAfter()) + " (with indexes); " + v.note(), v.statement(), null);
    }

    private ActionResult increaseFrequency(Relation table) {
        BloatAction action = BloatAction.INCREASE_VACUUM_FREQUENCY;
        if (request.dryRun()) {
            return ActionResult.of(action, "planned", "would halve the autovacuum vacuum and analyze scale factors of "
                    + table.qualified() + " (not below " + ScaleFactors.FLOOR + ")");
        }
        TableChange change = new VacuumStrategy(db).increaseVacuumFrequency(new TableName(table.schema(), table.name()),
                request.where(), "tables");
        loosened.add(table.oid());
        if (change.changed().isEmpty()) {
            return ActionResult.of(action, "skipped", "the scale factors of " + table.qualified() + " are at the floor " + ScaleFactors.FLOOR);
        }
        StringBuilder detail = new StringBuilder();
        for (String k : change.changed()) {
            if (detail.length() > 0) detail.append(", ");
            detail.append(k).append(' ').append(change.before().getOrDefault(k, "(server default)")).append(" -> ").append(change.after().get(k));
        }
        return new ActionResult(action.word(), "done", detail.toString(), change.statement(), null);
    }

    private ActionResult reindex(Connection c, Relation index) throws SQLException {
        String statement = "REINDEX INDEX CONCURRENTLY " + index.sql();
        if (request.dryRun()) return new ActionResult(BloatAction.REINDEX.word(), "planned", "would run " + statement, statement, null);
        long before = size(c, index);
        try (Statement st = c.createStatement()) {
            st.execute(statement); // autocommit: CONCURRENTLY cannot run in a transaction block
        } catch (SQLException e) {
            throw new SQLException(e.getMessage().strip() + "; a failed concurrent rebuild may leave an invalid index named "
                    + index.name() + "_ccnew: drop it with DROP INDEX CONCURRENTLY", e);
        }
        return new ActionResult(BloatAction.REINDEX.word(), "done", "rebuilt without blocking reads or writes: "
                + Bytes.human(before) + " -> " + Bytes.human(size(c, index)), statement, null);
    }

    /** A pending VACUUM FULL this monitor scheduled is dropped once its table no longer calls for it. */
    private void removeStaleJob(Connection c, Finding f) {
        String name = ScheduledJob.name(VACUUM_FULL_JOB, f.relation);
        try {
            if (!hasJobTable(c) || db.scheduler().job(name).isEmpty()) return;
            if (request.dryRun()) {
                f.actions.add(new ActionResult(BloatAction.SCHEDULE_VACUUM_FULL.word(), "planned", "would remove the pending job:"
                        + " the table is no longer bloated enough for it", null, name));
                return;
            }
            db.scheduler().remove(name);
            f.actions.add(new ActionResult(BloatAction.SCHEDULE_VACUUM_FULL.word(), "removed", "the table is no longer bloated"
                    + " enough for VACUUM FULL: its job was removed", null, name));
        } catch (RuntimeException | SQLException e) {
            f.actions.add(new ActionResult(BloatAction.SCHEDULE_VACUUM_FULL.word(), "failed", "could not remove the pending job: "
                    + e.getMessage(), null, name));
        }
    }

    /**
     * Without DataFlow's state schema no job can be pending; checking first keeps a monitor that
     * only reports from creating the schema (a read-only role could not).
     */
    private boolean hasJobTable(Connection c) throws SQLException {
        if (jobTable == null) jobTable = db.state().installed(io.dataflow.state.StateFeature.JOBS);
        return jobTable;
    }

    /** By name: REINDEX CONCURRENTLY gives the index a new oid. */
    private static long size(Connection c, Relation index) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_relation_size(to_regclass(?))")) {
            ps.setString(1, index.sql());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
