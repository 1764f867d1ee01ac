package io.dataflow.mview;

import static io.dataflow.sql.Identifiers.compose;
import static io.dataflow.sql.Identifiers.quote;

import com.fasterxml.jackson.core.type.TypeReference;
import io.dataflow.DataFlow;
import io.dataflow.DataFlowException;
import io.dataflow.Json;
import io.dataflow.config.ConfigException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The guide's materialized views: {@code db.mviews()}. Creates, redefines and refreshes them,
 * records every refresh in {@code dataflow.mview_refreshes} and reports staleness.
 */
public final class MaterializedViews {

    /** The node a scheduled refresh job runs. */
    public static final String REFRESH_NODE = "MaterializedViewRefreshNode";

    private final DataFlow db;

    public MaterializedViews(DataFlow db) {
        this.db = db;
    }

    /** The refresh job's name for a view. */
    public static String jobName(String view) {
        return "mview_refresh:" + view;
    }

    /** Creates the view, swaps a redefined one in, or (same query and indexes) refreshes it. */
    public ViewResult create(ViewSpec spec, Map<String, ?> config, String where) {
        db.state().ensure(io.dataflow.state.StateFeature.MVIEWS);
        String definition = definition(spec);
        try (Connection c = db.dataSource().getConnection()) {
            String relkind = relkind(c, spec.name());
            if (relkind != null && !relkind.equals("m")) {
                throw new ConfigException(where, "name", "'" + spec.name() + "' already exists and is not a materialized view; nothing was changed");
            }
            var stored = ViewStore.find(db.state(), c, spec.name());
            String action;
            if (relkind != null && stored.isPresent() && stored.get().kind().equals("materialized") && stored.get().definition().equals(definition)) {
                ViewStore.save(db.state(), c, spec.name(), "materialized", definition, config);
                ViewRefresher.refresh(db.state(), c, spec.name(), spec.method(), spec.shape().tables());
                action = "refreshed";
            } else if (relkind != null) {
                replace(c, spec, definition, config);
                action = "replaced";
            } else {
                inTransaction(c, () -> {
                    ViewBuilder.build(c, spec, spec.name());
                    ViewStore.save(db.state(), c, spec.name(), "materialized", definition, config);
                    ViewStore.refreshed(db.state(), c, spec.name(), ViewStore.counters(db.state(), c, spec.shape().tables()), false);
                });
                action = "created";
            }
            String job = schedule(spec.name(), spec.schedule());
            List<String> indexes = ViewBuilder.indexes(spec).stream().map(ix -> ix.name(spec.name())).toList();
            return new ViewResult(spec.name(), action, spec.uniqueKey(), indexes, ViewStore.count(db.state(), c, quote(spec.name())), job,
                    List.of("refresh method " + spec.method() + (spec.uniqueKey().isEmpty() ? "" : "; unique key " + spec.uniqueKey())));
        } catch (SQLException e) {
            throw new DataFlowException(where + ": cannot create materialized view " + spec.name() + ": " + e.getMessage(), e);
        }
    }

    private void replace(Connection c, ViewSpec spec, String definition, Map<String, ?> config) throws SQLException {
        String temp = compose(spec.name(), "df_new");
        try (Statement st = c.createStatement()) {
            st.execute("DROP MATERIALIZED VIEW IF EXISTS " + quote(temp)); // left over by a build that died
        }
        try {
            inTransaction(c, () -> ViewBuilder.build(c, spec, temp)); // readers keep the old view meanwhile
            inTransaction(c, () -> {
                ViewBuilder.swap(c, spec, temp);
                ViewStore.save(db.state(), c, spec.name(), "materialized", definition, config);
                ViewStore.refreshed(db.state(), c, spec.name(), ViewStore.counters(db.state(), c, spec.shape().tables()), false);
            });
        } catch (SQLException | RuntimeException e) {
            try (Statement st = c.createStatement()) {
                st.execute("DROP MATERIALIZED VIEW IF EXISTS " + quote(temp));
            }
            throw e;
        }
    }

    /**
     * Creates an incremental view (summary table, change capture, first fill) in one transaction;
     * on an existing one with the same query it refreshes; with a different query it rebuilds.
     */
    public ViewResult createIncremental(IncrementalSpec spec, Map<String, ?> config, String where) {
        db.state().ensure(io.dataflow.state.StateFeature.MVIEWS);
        // the capture's layout is part of the definition: a view captured the other way is rebuilt on re-run
        String definition = spec.shape().sql().strip() + "\n-- merge " + spec.strategy() + (spec.preAggregated() ? "\n-- capture partial aggregates" : "");
        try (Connection c = db.dataSource().getConnection()) {
            String relkind = relkind(c, spec.name());
            var stored = ViewStore.find(db.state(), c, spec.name());
            boolean ours = stored.isPresent() && stored.get().kind().equals("incremental");
            if (relkind != null && !ours) {
                throw new ConfigException(where, "name", "'" + spec.name() + "' already exists and is not an incremental view DataFlow manages; nothing was changed");
            }
            String action;
            if (relkind != null && stored.get().definition().equals(definition)) {
                ViewStore.save(db.state(), c, spec.name(), "incremental", definition, config);
                IncrementalRefresher.refresh(db.state(), c, spec);
                action = "refreshed";
            } else {
                action = relkind == null ? "created" : "rebuilt";
                inTransaction(c, () -> {
                    if (relkind != null) {
                        CaptureTriggers.drop(db.state(), c, spec.name());
                        try (Statement st = c.createStatement()) {
                            st.execute("DROP TABLE " + quote(spec.name()));
                        }
                    }
                    long rows = IncrementalBuilder.create(db.state(), c, spec);
                    ViewStore.save(db.state(), c, spec.name(), "incremental", definition, config);
                    ViewStore.rows(db.state(), c, spec.name(), rows);
                    ViewStore.refreshed(db.state(), c, spec.name(), ViewStore.counters(db.state(), c, spec.shape().tables()), true);
                });
            }
            List<String> key = spec.strategy().equals("append") ? List.of() : spec.shape().keys();
            return new ViewResult(spec.name(), action, key, List.of(), ViewStore.count(db.state(), c, quote(spec.name())), null, List.of(
                    "new rows of " + spec.baseRelation() + " are captured by trigger, late rows included; :last_refresh is bound to -infinity over them",
                    "updates, deletes and truncates of " + spec.baseRelation() + " are detected by trigger and answered by a rebuild at the next refresh"));
        } catch (SQLException e) {
            throw new DataFlowException(where + ": cannot create incremental view " + spec.name() + ": " + e.getMessage(), e);
        }
    }

    /** Refreshes a managed view (materialized or incremental) and records it. */
    public RefreshResult refresh(String name) {
        db.state().ensure(io.dataflow.state.StateFeature.MVIEWS);
        try (Connection c = db.dataSource().getConnection()) {
            var stored = ViewStore.find(db.state(), c, name).orElseThrow(() -> new DataFlowException("no materialized view named " + name
                    + " is managed by DataFlow" + io.dataflow.config.DidYouMean.hint(name, names(c))));
            Map<String, Object> config = Json.mapper().readValue(stored.config(), new TypeReference<Map<String, Object>>() { });
            Instant started = Instant.now();
            long t0 = System.nanoTime();
            try {
                if (stored.kind().equals("incremental")) {
                    return IncrementalRefresher.refresh(db.state(), c, IncrementalSpec.read(io.dataflow.config.ConfigReader.of("view " + name, config)));
                }
                ViewSpec spec = ViewSpec.read(io.dataflow.config.ConfigReader.of("view " + name, config));
                return ViewRefresher.refresh(db.state(), c, name, spec.method(), spec.shape().tables());
            } catch (SQLException | RuntimeException e) {
                if (!c.getAutoCommit()) c.rollback();
                c.setAutoCommit(true);
                ViewStore.history(db.state(), c, name, stored.kind(), started, (System.nanoTime() - t0) / 1e6, null, "failed", e.getMessage());
                throw new DataFlowException("refresh of " + name + " failed: " + e.getMessage(), e);
            }
        } catch (SQLException | java.io.IOException e) {
            throw new DataFlowException("cannot refresh " + name + ": " + e.getMessage(), e);
        }
    }

    /** Staleness of every managed view. */
    public List<ViewStatus> status() {
        if (!db.state().installed(io.dataflow.state.StateFeature.MVIEWS)) return List.of(); // none managed yet; reading creates nothing
        try (Connection c = db.dataSource().getConnection()) {
            List<ViewStatus> out = new ArrayList<>();
            for (String n : names(c)) out.add(status(c, n));
            return out;
        } catch (SQLException e) {
            throw new DataFlowException("cannot read materialized views: " + e.getMessage(), e);
        }
    }

    /** The last {@code limit} refreshes of {@code name}, newest first; empty when none was recorded (reading creates nothing). */
    public List<RefreshRecord> refreshes(String name, int limit) {
        if (!db.state().installed(io.dataflow.state.StateFeature.MVIEWS)) return List.of();
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = db.state().prepare(c,
                "SELECT name, method, started_at, duration_ms, rows, status, error FROM dataflow.mview_refreshes WHERE name = ? ORDER BY started_at DESC, id DESC LIMIT ?")) {
            ps.setString(1, name);
            ps.setInt(2, limit);
            List<RefreshRecord> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    double ms = rs.getDouble(4);
                    Double duration = rs.wasNull() ? null : ms;
                    long n = rs.getLong(5);
                    Long rows = rs.wasNull() ? null : n;
                    out.add(new RefreshRecord(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(), duration, rows, rs.getString(6), rs.getString(7)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new DataFlowException("cannot read the refresh history of " + name + ": " + e.getMessage(), e);
        }
    }

    public ViewStatus status(String name) {
        try (Connection c = db.dataSource().getConnection()) {
            if (!db.state().installed(io.dataflow.state.StateFeature.MVIEWS) || ViewStore.find(db.state(), c, name).isEmpty()) throw new DataFlowException("no materialized view named " + name + " is managed by DataFlow");
            return status(c, name);
        } catch (SQLException e) {
            throw new DataFlowException("cannot read " + name + ": " + e.getMessage(), e);
        }
    }

    private ViewStatus status(Connection c, String name) throws SQLException {
        var stored = ViewStore.find(db.state(), c, name).orElseThrow();
        Map<String, Object> config = readConfig(stored.config());
        String sql = (String) (stored.kind().equals("incremental") ? config.get("base_query") : config.get("query"));
        var tables = QueryShape.parse(sql, "view " + name, "query").tables();
        Boolean changed = null;
        if (stored.baseCounters() != null) {
            Map<String, Object> then = readConfig(stored.baseCounters());
            Map<String, Long> now = ViewStore.counters(db.state(), c, tables);
            changed = now.entrySet().stream().anyMatch(e -> !Objects.equals(((Number) then.getOrDefault(e.getKey(), -1L)).longValue(), e.getValue()));
        }
        Long pending = stored.kind().equals("incremental")
                ? CaptureTriggers.pending(db.state(), c, IncrementalSpec.read(io.dataflow.config.ConfigReader.of("view " + name, config))) : null;
        String status = null;
        String error = null;
        try (PreparedStatement ps = db.state().prepare(c, "SELECT status, error FROM dataflow.mview_refreshes WHERE name = ? ORDER BY id DESC LIMIT 1")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    status = rs.getString(1);
                    error = rs.getString(2);
                }
            }
        }
        Long since = stored.lastRefresh() == null ? null : Duration.between(stored.lastRefresh(), Instant.now()).toSeconds();
        if (pending != null && pending > 0) changed = true;
        return new ViewStatus(name, stored.kind(), stored.lastRefresh(), since, changed, pending, stored.watermark(), status, error);
    }

    /**
     * Drops a view DataFlow manages, with everything it made for it — an incremental view's capture
     * triggers, functions and delta table — in one transaction, then its refresh job. The refresh
     * history stays. A relation DataFlow does not manage is refused, never dropped.
     */
    public List<String> drop(String name) {
        db.state().ensure(io.dataflow.state.StateFeature.MVIEWS);
        try (Connection c = db.dataSource().getConnection()) {
            var stored = ViewStore.find(db.state(), c, name).orElseThrow(() -> new DataFlowException("no materialized view named " + name
                    + " is managed by DataFlow; nothing was dropped" + io.dataflow.config.DidYouMean.hint(name, names(c))));
            List<String> dropped = new java.util.ArrayList<>();
            inTransaction(c, () -> {
                String relkind = relkind(c, name);
                if (stored.kind().equals("incremental")) {
                    CaptureTriggers.drop(db.state(), c, name);
                    dropped.add("capture triggers and " + CaptureTriggers.delta(db.state(), name));
                }
                if (relkind != null) {
                    try (Statement st = c.createStatement()) {
                        st.execute("DROP " + (relkind.equals("m") ? "MATERIALIZED VIEW " : "TABLE ") + quote(name));
                    }
                    dropped.add((relkind.equals("m") ? "materialized view " : "summary table ") + quote(name));
                }
                ViewStore.delete(db.state(), c, name);
            });
            if (db.scheduler().remove(jobName(name))) dropped.add("refresh job " + jobName(name));
            return dropped;
        } catch (SQLException e) {
            throw new DataFlowException("cannot drop " + name + ": " + e.getMessage(), e);
        }
    }

    /** Registers, updates or removes the refresh job. */
    String schedule(String name, String schedule) {
        if (schedule == null) {
            db.scheduler().remove(jobName(name));
            return null;
        }
        return db.scheduler().register(jobName(name), schedule, REFRESH_NODE, Map.of("name", name), null).name();
    }

    static String definition(ViewSpec spec) {
        return spec.shape().sql().strip() + "\n-- indexes " + spec.indexes() + " unique " + spec.uniqueKey();
    }

    static String relkind(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT relkind::text FROM pg_class WHERE oid = to_regclass(?)")) {
            ps.setString(1, quote(name));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private List<String> names(Connection c) {
        try {
            return ViewStore.names(db.state(), c);
        } catch (SQLException e) {
            return List.of();
        }
    }

    private static Map<String, Object> readConfig(String json) {
        try {
            return Json.mapper().readValue(json, new TypeReference<Map<String, Object>>() { });
        } catch (java.io.IOException e) {
            throw new DataFlowException("unreadable stored config: " + e.getMessage(), e);
        }
    }

    /** Work that must commit as one. */
    interface SqlWork {
        void run() throws SQLException;
    }

    static void inTransaction(Connection c, SqlWork work) throws SQLException {
        c.setAutoCommit(false);
        try {
            work.run();
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }
}
