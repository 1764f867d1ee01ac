package io.dataflow.maintenance;

import io.dataflow.config.ConfigException;
import io.dataflow.config.DidYouMean;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Catalog reads shared by the maintenance capabilities: finding tables and their reloptions. */
final class Relations {

    private static final String SELECT = "SELECT c.oid, n.nspname, c.relname, c.relkind::text, c.reltoastrelid"
            + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace ";
    /** Schemas that hold no user tables: the catalogs, TOAST, and DataFlow's own state. */
    static final String USER_SCHEMAS = "n.nspname NOT IN ('pg_catalog', 'information_schema', 'dataflow')"
            + " AND n.nspname !~ '^pg_(toast|temp)'";

    private Relations() {
    }

    static Optional<Relation> find(Connection c, TableName table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT + "WHERE c.oid = to_regclass(?)")) {
            ps.setString(1, table.sql());
            return one(ps);
        }
    }

    /**
     * The table, or a refusal naming the key: it must exist and hold rows itself (a partitioned
     * parent has no storage, so its partitions carry the parameters).
     */
    static Relation requireTable(Connection c, TableName table, String where, String key) throws SQLException {
        Relation r = find(c, table).orElseThrow(() -> missing(c, table, where, key));
        switch (r.relkind()) {
            case "r", "m" -> {
                return r;
            }
            case "p" -> throw new ConfigException(where, key, "'" + table + "' is a partitioned table, which stores no rows:"
                    + " name its partitions instead");
            default -> throw new ConfigException(where, key, "'" + table + "' is not a table (relkind " + r.relkind() + ")");
        }
    }

    private static ConfigException missing(Connection c, TableName table, String where, String key) {
        List<String> names = new ArrayList<>();
        try {
            names = userTables(c).stream().map(t -> table.schema() == null ? t.name() : t.qualified()).toList();
        } catch (SQLException e) {
            // the suggestion is a courtesy: the refusal stands without it
        }
        return new ConfigException(where, key, "table '" + table + "' does not exist" + DidYouMean.hint(table.toString(), names));
    }

    /** Every table and materialized view outside the system schemas. */
    static List<Relation> userTables(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT + "WHERE c.relkind IN ('r', 'm') AND " + USER_SCHEMAS
                + " ORDER BY n.nspname, c.relname")) {
            return all(ps);
        }
    }

    /** An index and its access method (btree, gin, ...). */
    record Index(Relation relation, String accessMethod) {
    }

    /** The table's valid indexes (one still being built concurrently is skipped). */
    static List<Index> indexes(Connection c, long tableOid) throws SQLException {
        List<Index> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT c.oid, n.nspname, c.relname, c.relkind::text, c.reltoastrelid, am.amname"
                + " FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " JOIN pg_am am ON am.oid = c.relam WHERE i.indrelid = ? AND i.indisvalid AND i.indisready ORDER BY c.relname")) {
            ps.setLong(1, tableOid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Index(new Relation(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5)),
                            rs.getString(6)));
                }
            }
        }
        return out;
    }

    /** The table's reloptions and its TOAST table's (as {@code toast.name}), sorted by name. */
    static Map<String, String> reloptions(Connection c, long oid) throws SQLException {
        Map<String, String> out = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT c.reloptions, t.reloptions FROM pg_class c"
                + " LEFT JOIN pg_class t ON t.oid = c.reltoastrelid WHERE c.oid = ?")) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    putAll(out, rs.getArray(1), "");
                    putAll(out, rs.getArray(2), StorageParameters.TOAST_PREFIX);
                }
            }
        }
        return new LinkedHashMap<>(out);
    }

    private static void putAll(Map<String, String> out, Array options, String prefix) throws SQLException {
        if (options == null) return;
        for (Object o : (Object[]) options.getArray()) {
            String option = (String) o;
            int eq = option.indexOf('=');
            out.put(prefix + option.substring(0, eq), option.substring(eq + 1));
        }
    }

    private static Optional<Relation> one(PreparedStatement ps) throws SQLException {
        List<Relation> rows = all(ps);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    private static List<Relation> all(PreparedStatement ps) throws SQLException {
        List<Relation> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(new Relation(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5)));
        }
        return out;
    }
}
