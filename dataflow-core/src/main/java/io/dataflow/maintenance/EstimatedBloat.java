package io.dataflow.maintenance;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Bloat estimated from the catalog alone, the approach of check_postgres and pgHero: row count
 * (pg_class.reltuples) times the row width ANALYZE measured (pg_stats.avg_width, null_frac),
 * laid out as PostgreSQL lays out pages. Reads no table data, so it is cheap on any size; it is as
 * good as the last ANALYZE.
 */
final class EstimatedBloat {

    /** Why an estimate could not be made, for the report. */
    static final String NO_STATISTICS = "no statistics yet: run ANALYZE (or let the monitor, analyze: true)";

    private EstimatedBloat() {
    }

    static Optional<BloatFigures> table(Connection c, Relation table, Layout layout) throws SQLException {
        double rows = reltuples(c, table.oid());
        if (rows < 0) return Optional.empty(); // -1: never vacuumed or analyzed (PostgreSQL 14+)
        List<ColumnStat> columns = new ArrayList<>();
        int attributes = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT a.attnum, a.attisdropped, a.attlen, a.attalign::text,"
                + " s.null_frac, s.avg_width FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace LEFT JOIN pg_stats s ON s.schemaname = n.nspname"
                + " AND s.tablename = c.relname AND s.attname = a.attname AND NOT s.inherited"
                + " WHERE a.attrelid = ? AND a.attnum > 0 ORDER BY a.attnum")) {
            ps.setLong(1, table.oid());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    attributes = rs.getInt(1);
                    if (rs.getBoolean(2)) continue; // a dropped column is null in every row written since
                    columns.add(column(rs, 3));
                }
            }
        }
        double length = PageMath.heapTupleLength(columns, attributes);
        if (Double.isNaN(length)) return Optional.empty();
        double space = PageMath.heapTupleSpace(length, PageMath.constantWidth(columns));
        long pages = PageMath.heapPages(rows, space, layout.fillfactor(), layout.blockSize());
        return Optional.of(layout.figures(pages, BloatFigures.ESTIMATED, "catalog_statistics", Math.round(rows)));
    }

    /**
     * A btree's leaf tuples are its rows' key (and INCLUDE) columns; an index on one column with
     * repeated values is deduplicated (PostgreSQL 13+) and is estimated as posting lists.
     */
    static Optional<BloatFigures> btree(Connection c, Relation index, Layout layout, int serverVersion) throws SQLException {
        double rows = reltuples(c, index.oid());
        if (rows < 0) return Optional.empty();
        List<ColumnStat> keys = new ArrayList<>();
        boolean dedupCandidate;
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT ia.attnum, ia.attlen, ia.attalign::text,
                       coalesce(ts.null_frac, xs.null_frac), coalesce(ts.avg_width, xs.avg_width),
                       coalesce(ts.n_distinct, xs.n_distinct),
                       NOT i.indisunique AND i.indnatts = 1
                         AND coalesce((SELECT o.option_value FROM pg_options_to_table(ic.reloptions) o
                                        WHERE o.option_name = 'deduplicate_items'), 'on') NOT IN ('off', 'false')
                         AND EXISTS (SELECT 1 FROM pg_opclass oc JOIN pg_amproc p ON p.amprocfamily = oc.opcfamily
                                      AND p.amproclefttype = oc.opcintype AND p.amprocnum = 4
                                      WHERE oc.oid = i.indclass[0])
                  FROM pg_index i
                  JOIN pg_class ic ON ic.oid = i.indexrelid
                  JOIN pg_class tc ON tc.oid = i.indrelid
                  JOIN pg_namespace n ON n.oid = tc.relnamespace
                  JOIN pg_attribute ia ON ia.attrelid = i.indexrelid AND ia.attnum > 0
                  LEFT JOIN pg_attribute ta ON ta.attrelid = i.indrelid AND ta.attnum = i.indkey[ia.attnum - 1]
                                           AND i.indkey[ia.attnum - 1] > 0
                  LEFT JOIN pg_stats ts ON ts.schemaname = n.nspname AND ts.tablename = tc.relname
                                       AND ts.attname = ta.attname AND NOT ts.inherited
                  LEFT JOIN pg_stats xs ON ta.attname IS NULL AND xs.schemaname = n.nspname
                                       AND xs.tablename = ic.relname AND xs.attname = ia.attname
                 WHERE i.indexrelid = ? ORDER BY ia.attnum""")) {
            ps.setLong(1, index.oid());
            dedupCandidate = false;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    keys.add(column(rs, 2));
                    dedupCandidate = rs.getBoolean(7);
                }
            }
        }
        double tupleSpace = PageMath.indexTupleSpace(keys);
        if (keys.isEmpty() || Double.isNaN(tupleSpace)) return Optional.empty();
        double leafBytes = rows * tupleSpace;
        double distinct = distinct(keys.get(0).nDistinct(), rows);
        if (dedupCandidate && serverVersion >= 130000 && distinct > 0 && rows / distinct >= 2) {
            leafBytes = Math.min(leafBytes, PageMath.postingBytes(rows, distinct, tupleSpace, layout.blockSize()));
        }
        long pages = PageMath.btreePages(leafBytes, tupleSpace, layout.fillfactor(), layout.blockSize());
        return Optional.of(layout.figures(pages, BloatFigures.ESTIMATED, "catalog_statistics", Math.round(rows)));
    }

    private static double distinct(double nDistinct, double rows) {
        return nDistinct >= 0 ? nDistinct : -nDistinct * rows;
    }

    /** Columns {@code first..first+4}: attlen, attalign, null_frac, avg_width (and n_distinct when selected). */
    private static ColumnStat column(ResultSet rs, int first) throws SQLException {
        int length = rs.getInt(first);
        char align = rs.getString(first + 1).charAt(0);
        double nullFrac = rs.getObject(first + 2) == null ? 0 : rs.getDouble(first + 2);
        double width = rs.getObject(first + 3) == null ? -1 : rs.getDouble(first + 3);
        double nDistinct = rs.getMetaData().getColumnCount() >= first + 4 && rs.getObject(first + 4) != null ? rs.getDouble(first + 4) : 0;
        return new ColumnStat(length, align, nullFrac, width, nDistinct);
    }

    private static double reltuples(Connection c, long oid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT reltuples FROM pg_class WHERE oid = ?")) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getDouble(1) : -1;
            }
        }
    }
}
