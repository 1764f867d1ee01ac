package io.dataflow.dialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads tables, columns, indexes and partitions from pg_catalog. */
final class PostgresCatalog implements CatalogReader {

    private static final String TABLE = """
            SELECT c.oid, c.relkind, pt.partstrat,
                   (SELECT array_agg(a.attname ORDER BY k.ord) FROM unnest(pt.partattrs) WITH ORDINALITY k(attnum, ord)
                      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum) AS partkey
              FROM pg_class c
              LEFT JOIN pg_partitioned_table pt ON pt.partrelid = c.oid
             WHERE c.oid = to_regclass(quote_ident(?)) AND c.relkind IN ('r', 'p')
            """;
    private static final String COLUMNS = """
            SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
                   pg_get_expr(d.adbin, d.adrelid), a.attidentity
              FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
             WHERE a.attrelid = ? AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum
            """;
    private static final String INDEXES = """
            SELECT ic.relname, am.amname, i.indisunique, i.indisprimary, i.indnkeyatts, i.indnatts,
                   pg_get_expr(i.indpred, i.indrelid, true), i.indexrelid
              FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_am am ON am.oid = ic.relam
             WHERE i.indrelid = ? ORDER BY ic.relname
            """;
    private static final String PARTITIONS = """
            SELECT c.relname, pg_get_expr(c.relpartbound, c.oid), c.oid
              FROM pg_inherits h JOIN pg_class c ON c.oid = h.inhrelid
             WHERE h.inhparent = ? ORDER BY c.relname
            """;

    @Override
    public Optional<TableInfo> table(Connection connection, String name) throws SQLException {
        long oid;
        boolean partitioned;
        String strategy = null;
        List<String> key = List.of();
        try (PreparedStatement ps = connection.prepareStatement(TABLE)) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                oid = rs.getLong(1);
                partitioned = "p".equals(rs.getString(2));
                String s = rs.getString(3);
                if (s != null) strategy = switch (s) {
                    case "r" -> "range";
                    case "l" -> "list";
                    case "h" -> "hash";
                    default -> s;
                };
                if (rs.getArray(4) != null) key = Arrays.asList((String[]) rs.getArray(4).getArray());
            }
        }
        return Optional.of(new TableInfo(name, partitioned, strategy, key, columns(connection, oid), indexes(connection, oid),
                partitions(connection, oid), hasRows(connection, oid)));
    }

    private Map<String, TableInfo.ColumnInfo> columns(Connection connection, long oid) throws SQLException {
        Map<String, TableInfo.ColumnInfo> out = new LinkedHashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(COLUMNS)) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), new TableInfo.ColumnInfo(rs.getString(2), rs.getBoolean(3), rs.getString(4), rs.getString(5)));
                }
            }
        }
        return out;
    }

    private Map<String, TableInfo.IndexInfo> indexes(Connection connection, long oid) throws SQLException {
        Map<String, TableInfo.IndexInfo> out = new LinkedHashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(INDEXES)) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int keyCount = rs.getInt(5);
                    int all = rs.getInt(6);
                    long indexOid = rs.getLong(8);
                    List<String> keys = new ArrayList<>();
                    List<String> include = new ArrayList<>();
                    for (int k = 1; k <= all; k++) (k <= keyCount ? keys : include).add(indexColumn(connection, indexOid, k));
                    out.put(rs.getString(1), new TableInfo.IndexInfo(rs.getString(2), rs.getBoolean(3), keys, include,
                            rs.getString(7), rs.getBoolean(4)));
                }
            }
        }
        return out;
    }

    private String indexColumn(Connection connection, long indexOid, int k) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT pg_get_indexdef(?::oid, ?, true)")) {
            ps.setLong(1, indexOid);
            ps.setInt(2, k);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private Map<String, TableInfo.PartitionInfo> partitions(Connection connection, long oid) throws SQLException {
        Map<String, TableInfo.PartitionInfo> out = new LinkedHashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(PARTITIONS)) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String bound = rs.getString(2);
                    out.put(rs.getString(1), new TableInfo.PartitionInfo(bound, "DEFAULT".equals(bound), hasRows(connection, rs.getLong(3))));
                }
            }
        }
        return out;
    }

    private boolean hasRows(Connection connection, long oid) throws SQLException {
        String name;
        try (PreparedStatement ps = connection.prepareStatement("SELECT ?::oid::regclass::text")) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                name = rs.getString(1); // regclass output is already quoted where needed
            }
        }
        try (var st = connection.createStatement(); ResultSet rs = st.executeQuery("SELECT EXISTS (SELECT 1 FROM " + name + ")")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    @Override
    public Optional<String> indexOwner(Connection connection, String indexName) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT t.relname FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid WHERE i.indexrelid = to_regclass(quote_ident(?))")) {
            ps.setString(1, indexName);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    @Override
    public boolean relationExists(Connection connection, String name) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT to_regclass(quote_ident(?)) IS NOT NULL")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }
}
