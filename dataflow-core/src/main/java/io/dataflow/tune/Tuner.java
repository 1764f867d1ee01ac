package io.dataflow.tune;

import io.dataflow.state.StateSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Server tuning: PgTune's recommendations for the machine and workload, or explicit settings,
 * each explained and checked against the server; applied with ALTER SYSTEM and revertible.
 *
 * <pre>{@code
 * TuningPlan plan = db.tuner().recommend(TuneOptions.defaults().workload(Workload.OLTP).ram(16 * Sizes.GB));
 * System.out.println(plan.toText());          // current -> recommended, why, restart needed?
 * ApplyReport applied = db.tuner().apply(plan, "my app");
 * db.tuner().revert();                         // back to what was there before
 * }</pre>
 */
public final class Tuner {

    private static final long LOCK_KEY = 0x444674756e696e67L; // "DFtuning"

    private final DataSource dataSource;
    private final StateSchema state;
    private final Planner planner;

    public Tuner(DataSource dataSource, StateSchema state) {
        this(dataSource, state, MachineProbe.local());
    }

    public Tuner(DataSource dataSource, StateSchema state, MachineProbe probe) {
        this.dataSource = dataSource;
        this.state = state;
        this.planner = new Planner(probe);
    }

    /** PgTune's recommendations next to the current values; changes nothing. */
    public TuningPlan recommend(TuneOptions options) {
        return recommend(options, "tune");
    }

    /** @param where names the caller in errors, e.g. {@code MemoryConfigNode configure_memory} */
    public TuningPlan recommend(TuneOptions options, String where) {
        try (Connection c = dataSource.getConnection()) {
            return planner.recommend(c, options, where);
        } catch (SQLException e) {
            throw new TuneException("cannot read the server's settings: " + e.getMessage(), e);
        }
    }

    /**
     * Explicit settings ({@code random_page_cost: 1.1}, {@code wal_buffers: "64MB"}), each checked against
     * pg_settings (name, type, unit, range, enum values); refused all together when any is wrong.
     */
    public TuningPlan plan(Map<String, ?> settings, String where, String reason) {
        try (Connection c = dataSource.getConnection()) {
            return planner.explicit(c, settings, where, reason);
        } catch (SQLException e) {
            throw new TuneException("cannot read the server's settings: " + e.getMessage(), e);
        }
    }

    public TuningPlan plan(Map<String, ?> settings) {
        return plan(settings, "settings", "given");
    }

    /**
     * Applies a plan's changes with ALTER SYSTEM and reloads the configuration. Settings that need
     * a restart are reported as pending, never as applied. The previous values are recorded in the
     * {@code dataflow} schema of this database for {@link #revert()}.
     *
     * @param source what is applying it, recorded with the run
     */
    public ApplyReport apply(TuningPlan plan, String source) {
        if (plan.changes().isEmpty()) {
            return new ApplyReport(null, plan.settings().stream().map(p -> new AppliedSetting(p.name(), p.current(), p.current(),
                    "unchanged", null)).toList(), java.util.List.of("nothing to change: the server already has these values"));
        }
        try (Connection c = dataSource.getConnection()) {
            Applier.preflight(state, c, plan, source); // refuses bad values and missing privileges before anything is created
        } catch (SQLException e) {
            throw new TuneException("cannot check the settings against the server: " + e.getMessage(), e);
        }
        state.ensure(io.dataflow.state.StateFeature.TUNING); // where the previous values go must exist before the first ALTER SYSTEM
        return locked(c -> Applier.apply(state, c, plan, source), "applying settings");
    }

    /** Restores every setting DataFlow applied from this database, newest run first, unless someone changed it since. */
    public RevertReport revert() {
        return locked(c -> Reverter.revert(state, c), "reverting settings");
    }

    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T locked(Work<T> work, String what) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true); // ALTER SYSTEM cannot run inside a transaction block
            lock(c);
            try {
                return work.run(c);
            } finally {
                unlock(c);
            }
        } catch (SQLException e) {
            throw new TuneException(what + " failed: " + e.getMessage(), e);
        }
    }

    /** One session-level advisory lock keeps two DataFlows from applying or reverting at the same time. */
    private static void lock(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("SELECT pg_advisory_lock(" + LOCK_KEY + ")");
        }
    }

    private static void unlock(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("SELECT pg_advisory_unlock(" + LOCK_KEY + ")");
        }
    }
}
