package io.dataflow.maintenance;

import io.dataflow.DataFlow;
import io.dataflow.DataFlowException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs VACUUM (the VacuumNode, and the jobs VacuumStrategy and BloatMonitor schedule). VACUUM
 * cannot run inside a transaction block, so it runs in autocommit mode, one table at a time; every
 * table is looked up first, so a misspelt name refuses the whole request before anything runs.
 */
public final class Vacuum {

    private final DataFlow db;
    private final PgRepack repack;

    public Vacuum(DataFlow db) {
        PostgresOnly.require(db, "VACUUM");
        this.db = db;
        this.repack = new PgRepack(db);
    }

    public VacuumReport run(VacuumRequest request) {
        List<VacuumReport.Vacuumed> out = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(true);
            try {
                List<Relation> tables = new ArrayList<>();
                for (int i = 0; i < request.tables().size(); i++) {
                    tables.add(Relations.requireTable(c, request.tables().get(i), request.where(), "tables[" + i + "]"));
                }
                for (Relation t : tables) out.add(vacuum(c, t, request));
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new DataFlowException(request.where() + ": VACUUM failed after " + out.size() + " of " + request.tables().size()
                    + " tables: " + e.getMessage(), e);
        }
        return new VacuumReport(out);
    }

    private VacuumReport.Vacuumed vacuum(Connection c, Relation table, VacuumRequest request) throws SQLException {
        Optional<String> noRepack = request.full() ? repack.unusable(c, table) : Optional.of("");
        if (noRepack.isEmpty()) return repack(c, table);
        List<String> options = new ArrayList<>();
        if (request.full()) options.add("FULL");
        if (request.analyze()) options.add("ANALYZE");
        String statement = "VACUUM " + (options.isEmpty() ? "" : "(" + String.join(", ", options) + ") ") + table.sql();
        long before = totalBytes(c, table);
        long t0 = System.nanoTime();
        try (Statement st = c.createStatement()) {
            if (request.lockTimeoutMs() != null) st.execute("SET lock_timeout = " + request.lockTimeoutMs());
            try {
                st.execute(statement);
            } finally {
                if (request.lockTimeoutMs() != null) st.execute("RESET lock_timeout"); // the connection goes back to the pool
            }
        }
        double ms = (System.nanoTime() - t0) / 1e6;
        return new VacuumReport.Vacuumed(table.qualified(), request.full() ? "vacuum_full" : "vacuum", statement, before,
                totalBytes(c, table), ms, request.full() ? fullNote(ms, noRepack.get()) : null);
    }

    /** pg_repack rebuilds the table online: only brief locks, so it is preferred to VACUUM FULL when it can run. */
    private VacuumReport.Vacuumed repack(Connection c, Relation table) throws SQLException {
        long before = totalBytes(c, table);
        long t0 = System.nanoTime();
        String output;
        try {
            output = repack.repack(c, table);
        } catch (java.io.IOException e) {
            throw new DataFlowException(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataFlowException("interrupted while pg_repack rebuilt " + table.qualified(), e);
        }
        double ms = (System.nanoTime() - t0) / 1e6;
        return new VacuumReport.Vacuumed(table.qualified(), "pg_repack", "pg_repack --no-order --table=" + table.qualified(), before,
                totalBytes(c, table), ms, "rebuilt online with pg_repack instead of VACUUM FULL (no ACCESS EXCLUSIVE lock while copying)"
                + (output.isEmpty() ? "" : ": " + output.replace('\n', ' ')));
    }

    /** Says which rewrite was used and what it cost, since VACUUM FULL blocks every reader. */
    private static String fullNote(double ms, String whyNotRepack) {
        return String.format(java.util.Locale.ROOT, "VACUUM FULL held an ACCESS EXCLUSIVE lock (no reads or writes) for about %.0f ms", ms)
                + "; not pg_repack: " + whyNotRepack;
    }

    private static long totalBytes(Connection c, Relation table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_total_relation_size(?::oid::regclass)")) {
            ps.setLong(1, table.oid());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
