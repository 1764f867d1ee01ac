package io.dataflow.rewrite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/** {@link Schema} read from pg_catalog, resolving names through the search_path as the query would. */
final class CatalogSchema implements Schema {

    private final DataSource dataSource;
    private final Map<String, Optional<Table>> cache = new ConcurrentHashMap<>();

    CatalogSchema(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Optional<Table> table(String name) {
        return cache.computeIfAbsent(name, this::read);
    }

    private Optional<Table> read(String name) {
        try (Connection c = dataSource.getConnection()) {
            Long oid = null;
            try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?)::oid")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) oid = (Long) rs.getObject(1);
                }
            }
            if (oid == null) return Optional.empty();
            Map<String, Column> columns = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT attname, format_type(atttypid, atttypmod), attnotnull FROM pg_attribute"
                    + " WHERE attrelid = ? AND attnum > 0 AND NOT attisdropped ORDER BY attnum")) {
                ps.setLong(1, oid);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) columns.put(rs.getString(1), new Column(rs.getString(1), rs.getString(2), rs.getBoolean(3)));
                }
            }
            List<List<String>> keys = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT array(SELECT a.attname FROM unnest(i.indkey) k JOIN pg_attribute a"
                    + " ON a.attrelid = i.indrelid AND a.attnum = k) FROM pg_index i WHERE i.indrelid = ? AND i.indisunique"
                    + " AND i.indpred IS NULL AND i.indexprs IS NULL ORDER BY i.indisprimary DESC")) {
                ps.setLong(1, oid);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) keys.add(List.of((String[]) rs.getArray(1).getArray()));
                }
            }
            return Optional.of(new Table(Names.unquote(name), columns, keys));
        } catch (SQLException e) {
            throw new RewriteException("reading the columns of " + name + ": " + e.getMessage(), null, e);
        }
    }
}
