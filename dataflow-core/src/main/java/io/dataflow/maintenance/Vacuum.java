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

/**
 * Runs VACUUM (the VacuumNode, and the jobs VacuumStrategy and BloatMonitor schedule). VACUUM
 * cannot run inside a transaction block, so it runs in autocommit mode, one table at a time; every
 * table is looked up first, so a misspelt name refuses the whole request before anything runs.
 */
public final class Vacuum {

    private final DataFlow db;

    public Vacuum(DataFlow db) {
        PostgresOnly.require(db, "VACUUM");
        this.db = db;
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
                totalBytes(c, table), ms, request.full() ? fullNote(ms) : null);
    }

    /** Says which rewrite was used and what it cost, since VACUUM FULL blocks every reader. */
    private String fullNote(double ms) {
        String lock = String.format(java.util.Locale.ROOT, "VACUUM FULL held an ACCESS EXCLUSIVE lock (no reads or writes) for about %.0f ms", ms);
        if (db.capabilities().installed("pg_repack")) {
            return lock + "; pg_repack is installed, but DataFlow does not run its client program yet";
        }
        return lock + "; pg_repack is not installed (it would rebuild the table without blocking)";
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
