package io.dataflow.plan;

import io.dataflow.sql.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;

/** What-if with HypoPG: hypothetical indexes live in this backend only and are reset on close. */
final class HypoPgWhatIf implements WhatIf {

    private record Hypo(long oid, String name) {
    }

    private final Connection c;
    private final String fn;
    private final Map<IndexCandidate, Hypo> present = new HashMap<>();
    private final Map<String, IndexCandidate> byName = new HashMap<>();
    private final Map<IndexCandidate, String> failed = new LinkedHashMap<>();

    HypoPgWhatIf(Connection connection, String schema) {
        this.c = connection;
        this.fn = Identifiers.quote(schema) + ".";
    }

    /** The schema HypoPG is installed in, or null when it is not installed in this database. */
    static String schema(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'hypopg'");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    @Override
    public String mode() {
        return "hypopg";
    }

    @Override
    public Explained explain(Explainable statement, Collection<IndexCandidate> config, java.util.Set<String> tables) throws SQLException {
        sync(config, tables);
        return WhatIfSupport.explained(statement.explain(c, "FORMAT JSON"), byName);
    }

    private void sync(Collection<IndexCandidate> config, java.util.Set<String> tables) throws SQLException {
        java.util.List<Long> drop = new java.util.ArrayList<>();
        for (IndexCandidate extra : new HashSet<>(present.keySet())) {
            if (!config.contains(extra) && (tables == null || tables.contains(extra.table()))) drop.add(present.remove(extra).oid());
        }
        if (!drop.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + fn + "hypopg_drop_index(o) FROM unnest(?::oid[]) o")) {
                ps.setArray(1, c.createArrayOf("oid", drop.toArray()));
                ps.execute(); // one round trip
            }
        }
        for (IndexCandidate wanted : config) {
            if (!present.containsKey(wanted) && !failed.containsKey(wanted)) create(wanted);
        }
    }

    private void create(IndexCandidate candidate) throws SQLException {
        if (!"btree".equals(candidate.method())) {
            failed.put(candidate, "HypoPG cannot make " + candidate.method() + " indexes");
            return;
        }
        Savepoint before = c.setSavepoint();
        try (PreparedStatement ps = c.prepareStatement("SELECT indexrelid, indexname FROM " + fn + "hypopg_create_index(?)")) {
            ps.setString(1, candidate.ddl(null, false));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                Hypo h = new Hypo(rs.getLong(1), rs.getString(2));
                present.put(candidate, h);
                byName.put(h.name(), candidate);
            }
            c.releaseSavepoint(before);
        } catch (SQLException e) {
            if (RolledBack.isTimeout(e)) throw e;
            c.rollback(before);
            c.releaseSavepoint(before); // nested savepoints would pile up over a long session
            failed.put(candidate, e.getMessage());
        }
    }

    @Override
    public long sizeBytes(IndexCandidate candidate) throws SQLException {
        if (!present.containsKey(candidate) && !failed.containsKey(candidate)) create(candidate);
        Hypo h = present.get(candidate); // it stays: the next explain drops it where it matters
        if (h == null) return -1;
        try (PreparedStatement ps = c.prepareStatement("SELECT " + fn + "hypopg_relation_size(?)")) {
            ps.setLong(1, h.oid());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Override
    public Double measure(Explainable statement, Collection<IndexCandidate> config) {
        return null; // hypothetical indexes cannot be executed
    }

    @Override
    public Map<IndexCandidate, String> failed() {
        return Map.copyOf(failed);
    }

    @Override
    public void close() throws SQLException {
        try {
            c.rollback();
        } finally {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + fn + "hypopg_reset()")) {
                ps.execute();
            }
            c.rollback();
            present.clear();
        }
    }
}
