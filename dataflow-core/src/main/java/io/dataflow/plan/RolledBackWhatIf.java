package io.dataflow.plan;

import io.dataflow.sql.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * What-if without HypoPG: each candidate is built once, for real, inside the session's transaction.
 * A configuration is planned with the other candidates out of the planner's sight:
 * <ul>
 * <li>as a superuser, by marking them invalid ({@code pg_index.indisvalid = false}: the planner skips
 *     invalid indexes) — only the candidates whose visibility changes since the last plan are
 *     updated, one statement, no savepoint; the search mostly moves one index at a time, so this is
 *     a row or two per plan instead of dropping every other candidate on the table;</li>
 * <li>otherwise by dropping them inside a savepoint that is rolled back (which restores them
 *     without a rebuild).</li>
 * </ul>
 * Closing rolls the transaction back, so no index and no catalog change is ever left behind.
 * CREATE INDEX holds a SHARE lock on its table (writers wait) until then.
 */
final class RolledBackWhatIf implements WhatIf {

    private final Connection c;
    private final String prefix = "dataflow_whatif_" + UUID.randomUUID().toString().substring(0, 8) + "_";
    private final Map<IndexCandidate, String> built = new LinkedHashMap<>();
    private final Map<String, IndexCandidate> byName = new HashMap<>();
    private final Map<IndexCandidate, String> failed = new LinkedHashMap<>();
    /** Built candidates currently marked invalid (superuser mode). */
    private final java.util.Set<IndexCandidate> hidden = new java.util.HashSet<>();
    private final boolean superuser;
    private int next;

    RolledBackWhatIf(Connection connection) throws SQLException {
        this.c = connection;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT current_setting('is_superuser') = 'on'")) {
            rs.next();
            this.superuser = rs.getBoolean(1);
        }
    }

    @Override
    public String mode() {
        return "rollback";
    }

    @Override
    public Explained explain(Explainable statement, Collection<IndexCandidate> config, java.util.Set<String> tables) throws SQLException {
        return WhatIfSupport.explained(withOnly(config, tables, () -> statement.explain(c, "FORMAT JSON")), byName);
    }

    @Override
    public Double measure(Explainable statement, Collection<IndexCandidate> config) throws SQLException {
        return WhatIfSupport.executionMs(withOnly(config, null, () -> statement.explain(c, "ANALYZE true, TIMING false, FORMAT JSON")));
    }

    private interface Step {
        String run() throws SQLException;
    }

    /**
     * Runs a step with exactly {@code config} among the built candidates that matter (those on
     * {@code tables}, or all); the others are dropped in one statement inside a savepoint that is
     * rolled back afterwards, which restores them without a rebuild.
     */
    private String withOnly(Collection<IndexCandidate> config, java.util.Set<String> tables, Step step) throws SQLException {
        for (IndexCandidate wanted : config) build(wanted);
        if (superuser) {
            show(config, tables);
            return step.run();
        }
        java.util.List<String> drop = new java.util.ArrayList<>();
        for (Map.Entry<IndexCandidate, String> e : built.entrySet()) {
            boolean matters = tables == null || tables.contains(e.getKey().table());
            if (matters && !config.contains(e.getKey())) drop.add(qualified(e.getKey(), e.getValue()));
        }
        if (drop.isEmpty()) return step.run();
        try (Statement st = c.createStatement()) {
            st.execute("SAVEPOINT dataflow_whatif_config; DROP INDEX " + String.join(", ", drop)); // one round trip
            try {
                return step.run();
            } finally {
                st.execute("ROLLBACK TO SAVEPOINT dataflow_whatif_config; RELEASE SAVEPOINT dataflow_whatif_config");
            }
        }
    }

    /** Flips indisvalid of the built candidates that matter whose visibility differs from {@code config}. */
    private void show(Collection<IndexCandidate> config, java.util.Set<String> tables) throws SQLException {
        java.util.List<String> flip = new java.util.ArrayList<>();
        for (Map.Entry<IndexCandidate, String> e : built.entrySet()) {
            IndexCandidate candidate = e.getKey();
            if (tables != null && !tables.contains(candidate.table())) continue;
            boolean hide = !config.contains(candidate);
            if (hide != hidden.contains(candidate)) {
                flip.add(qualified(candidate, e.getValue()));
                if (hide) hidden.add(candidate);
                else hidden.remove(candidate);
            }
        }
        if (flip.isEmpty()) return;
        try (PreparedStatement ps = c.prepareStatement("UPDATE pg_catalog.pg_index SET indisvalid = NOT indisvalid"
                + " WHERE indexrelid = ANY (?::regclass[])")) {
            ps.setArray(1, c.createArrayOf("text", flip.toArray()));
            ps.executeUpdate();
        }
    }

    private void build(IndexCandidate candidate) throws SQLException {
        if (built.containsKey(candidate) || failed.containsKey(candidate)) return;
        String name = prefix + (++next);
        Savepoint before = c.setSavepoint();
        try (Statement st = c.createStatement()) {
            st.execute(candidate.ddl(name, false));
            c.releaseSavepoint(before);
            built.put(candidate, name);
            byName.put(name, candidate);
        } catch (SQLException e) {
            if (RolledBack.isTimeout(e)) throw e;
            c.rollback(before);
            c.releaseSavepoint(before); // nested savepoints would pile up over a long session
            failed.put(candidate, e.getMessage());
        }
    }

    private static String qualified(IndexCandidate candidate, String name) {
        int dot = candidate.table().indexOf('.');
        return dot < 0 ? Identifiers.quote(name) : Identifiers.quote(candidate.table().substring(0, dot)) + "." + Identifiers.quote(name);
    }

    @Override
    public long sizeBytes(IndexCandidate candidate) throws SQLException {
        build(candidate);
        String name = built.get(candidate);
        if (name == null) return -1;
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_relation_size(to_regclass(?))")) {
            ps.setString(1, qualified(candidate, name));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Override
    public Map<IndexCandidate, String> failed() {
        return Map.copyOf(failed);
    }

    @Override
    public void close() throws SQLException {
        c.rollback(); // every candidate index, and every indisvalid flip, goes with the transaction
        built.clear();
        hidden.clear();
    }
}
