package io.dataflow.plan;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Existing indexes and write activity of tables, read from the catalog and statistics views. */
final class IndexCatalog {

    /** Row count and write activity of a table (pg_class, pg_stat_user_tables). */
    record TableStats(double rows, long inserts, long updates, long deletes, long seqScans, long indexScans,
                      Long modifiedSinceAnalyze, boolean everAnalyzed) {
        long writes() {
            return inserts + updates + deletes;
        }
    }

    private final Connection connection;
    private final Map<String, List<ExistingIndex>> indexes = new HashMap<>();
    private final Map<String, TableStats> stats = new HashMap<>();
    private final Map<String, Map<String, Double>> distinct = new HashMap<>();

    IndexCatalog(Connection connection) {
        this.connection = connection;
    }

    List<ExistingIndex> indexes(String table) {
        return indexes.computeIfAbsent(table, this::loadIndexes);
    }

    /** Distinct values per column (pg_stats; negative n_distinct is a fraction of the rows). */
    Map<String, Double> distinct(String table) {
        return distinct.computeIfAbsent(table, this::loadDistinct);
    }

    private Map<String, Double> loadDistinct(String table) {
        Map<String, Double> out = new HashMap<>();
        double rows = stats(table).rows();
        try (PreparedStatement ps = connection.prepareStatement("""
                SELECT s.attname, s.n_distinct FROM pg_stats s
                  JOIN pg_class c ON c.relname = s.tablename JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = s.schemaname
                 WHERE c.oid = to_regclass(?)""")) {
            ps.setString(1, Catalog.regclass(table));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    double d = rs.getDouble(2);
                    out.put(rs.getString(1), d < 0 ? -d * rows : d);
                }
            }
        } catch (SQLException e) {
            throw new PlanException("cannot read the column statistics of " + table + ": " + e.getMessage(), null, e);
        }
        return out;
    }

    TableStats stats(String table) {
        return stats.computeIfAbsent(table, this::loadStats);
    }

    private List<ExistingIndex> loadIndexes(String table) {
        List<ExistingIndex> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("""
                SELECT c.relname, i.indisunique, i.indisprimary, pg_relation_size(c.oid), coalesce(s.idx_scan, 0),
                       pg_get_indexdef(c.oid), pg_get_expr(i.indpred, i.indrelid), i.indnkeyatts,
                       array(SELECT pg_get_indexdef(c.oid, k, true) FROM generate_series(1, i.indnatts) k ORDER BY k)
                  FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
                  LEFT JOIN pg_stat_user_indexes s ON s.indexrelid = i.indexrelid
                 WHERE i.indrelid = to_regclass(?) AND i.indisvalid ORDER BY c.relname""")) {
            ps.setString(1, Catalog.regclass(table));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<String> all = Arrays.asList((String[]) rs.getArray(9).getArray());
                    int keys = rs.getInt(8);
                    out.add(new ExistingIndex(rs.getString(1), table, all.subList(0, keys), all.subList(keys, all.size()),
                            rs.getString(7), rs.getBoolean(2), rs.getBoolean(3), rs.getLong(4), rs.getLong(5), rs.getString(6)));
                }
            }
        } catch (SQLException e) {
            throw new PlanException("cannot read the indexes of " + table + ": " + e.getMessage(), null, e);
        }
        return out;
    }

    private TableStats loadStats(String table) {
        try (PreparedStatement ps = connection.prepareStatement("""
                SELECT greatest(c.reltuples, 0), coalesce(s.n_tup_ins, 0), coalesce(s.n_tup_upd, 0), coalesce(s.n_tup_del, 0),
                       coalesce(s.seq_scan, 0), coalesce(s.idx_scan, 0), s.n_mod_since_analyze,
                       EXISTS (SELECT 1 FROM pg_stats st WHERE st.schemaname = n.nspname AND st.tablename = c.relname)
                  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                  LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid WHERE c.oid = to_regclass(?)""")) {
            // pg_stats, not pg_statistic: only superusers may read the catalog; the view shows what the role may select
            ps.setString(1, Catalog.regclass(table));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return new TableStats(0, 0, 0, 0, 0, 0, null, false);
                Long modified = rs.getObject(7) == null ? null : rs.getLong(7);
                return new TableStats(rs.getDouble(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6),
                        modified, rs.getBoolean(8));
            }
        } catch (SQLException e) {
            throw new PlanException("cannot read the statistics of " + table + ": " + e.getMessage(), null, e);
        }
    }
}
