package io.dataflow.stats;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads what the analyzer judges: row counts and ANALYZE history, pg_stats per column, statistics objects. */
final class StatisticsReader {

    // pg_class with a LEFT JOIN: partitioned tables are not in pg_stat_user_tables on every version.
    private static final String ACTIVITY = """
            SELECT c.relname, c.reltuples, coalesce(s.n_live_tup, 0), coalesce(s.n_mod_since_analyze, 0),
                   s.last_analyze, s.last_autoanalyze
              FROM pg_class c
              JOIN pg_namespace n ON n.oid = c.relnamespace
              LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid
             WHERE n.nspname = current_schema() AND c.relname = ANY (?)
             ORDER BY c.relname
            """;

    // most_common_vals is anyarray: read as text[] through its text form, except for array columns
    // (their values would be nested arrays). A partitioned table's rows are the inherited ones.
    private static final String COLUMNS = """
            SELECT c.relname, a.attname, s.attname IS NOT NULL, NULLIF(a.attstattarget::int, -1),
                   s.null_frac, s.n_distinct, s.avg_width,
                   CASE WHEN t.typcategory <> 'A' THEN s.most_common_vals::text::text[] END, s.most_common_freqs
              FROM pg_class c
              JOIN pg_namespace n ON n.oid = c.relnamespace
              JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
              JOIN pg_type t ON t.oid = a.atttypid
              LEFT JOIN LATERAL (SELECT * FROM pg_stats s
                                  WHERE s.schemaname = n.nspname AND s.tablename = c.relname AND s.attname = a.attname
                                  ORDER BY s.inherited DESC LIMIT 1) s ON true
             WHERE n.nspname = current_schema() AND c.relname = ANY (?)
             ORDER BY c.relname, a.attnum
            """;

    private static final String EXTENDED = """
            SELECT c.relname, x.stxname,
                   (SELECT array_agg(a.attname ORDER BY a.attnum) FROM pg_attribute a
                     WHERE a.attrelid = c.oid AND a.attnum = ANY (x.stxkeys::int2[])),
                   x.stxkind::text[]
              FROM pg_statistic_ext x
              JOIN pg_class c ON c.oid = x.stxrelid
              JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = current_schema() AND c.relname = ANY (?)
             ORDER BY c.relname, x.stxname
            """;

    private StatisticsReader() {
    }

    static Map<String, TableActivity> activity(Connection c, List<String> tables) throws SQLException {
        Map<String, TableActivity> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(ACTIVITY)) {
            ps.setArray(1, c.createArrayOf("text", tables.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), new TableActivity(rs.getString(1), rs.getDouble(2), rs.getLong(3), rs.getLong(4),
                            instant(rs, 5), instant(rs, 6)));
                }
            }
        }
        return out;
    }

    static Map<String, List<ColumnStatistics>> columns(Connection c, List<String> tables) throws SQLException {
        Map<String, List<ColumnStatistics>> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(COLUMNS)) {
            ps.setArray(1, c.createArrayOf("text", tables.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new ColumnStatistics(rs.getString(1), rs.getString(2),
                            rs.getBoolean(3), (Integer) rs.getObject(4), rs.getDouble(5), rs.getDouble(6), rs.getInt(7),
                            strings(rs.getArray(8)), doubles(rs.getArray(9))));
                }
            }
        }
        return out;
    }

    static Map<String, List<ExtendedStatistics>> extended(Connection c, List<String> tables) throws SQLException {
        Map<String, List<ExtendedStatistics>> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(EXTENDED)) {
            ps.setArray(1, c.createArrayOf("text", tables.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<String> kinds = strings(rs.getArray(4)).stream().map(StatisticsReader::kind).filter(k -> k != null).toList();
                    out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                            .add(new ExtendedStatistics(rs.getString(2), strings(rs.getArray(3)), kinds));
                }
            }
        }
        return out;
    }

    private static String kind(String code) {
        return switch (code) {
            case "d" -> "ndistinct";
            case "f" -> "dependencies";
            case "m" -> "mcv";
            default -> null; // "e": expression statistics
        };
    }

    private static java.time.Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static List<String> strings(Array array) throws SQLException {
        if (array == null) return List.of();
        Object[] values = (Object[]) array.getArray();
        return Arrays.stream(values).map(String::valueOf).toList();
    }

    private static List<Double> doubles(Array array) throws SQLException {
        if (array == null) return List.of();
        Object[] values = (Object[]) array.getArray();
        return Arrays.stream(values).map(v -> ((Number) v).doubleValue()).toList();
    }
}
