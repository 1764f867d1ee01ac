package io.dataflow.maintenance;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Bloat from pgstattuple, which reads every page: exact counts of live tuples and their bytes
 * (tables), exact leaf density (btree indexes). pgstattuple_approx skips all-visible pages and is
 * used above a size limit; its figures are labelled estimated.
 */
final class ExactBloat {

    private ExactBloat() {
    }

    static BloatFigures table(Connection c, PgStatTuple ext, Relation table, Layout layout) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT tuple_count, tuple_len FROM " + ext.function("pgstattuple")
                + "(?::oid::regclass)")) {
            ps.setLong(1, table.oid());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long count = rs.getLong(1);
                long bytes = rs.getLong(2);
                // an exact integer average over many rows means every row has the same length
                boolean constant = count > 0 && bytes % count == 0;
                return layout.figures(pages(count, bytes, constant, layout), BloatFigures.EXACT, "pgstattuple", count);
            }
        }
    }

    static BloatFigures tableApproximately(Connection c, PgStatTuple ext, Relation table, Layout layout) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT approx_tuple_count, approx_tuple_len FROM "
                + ext.function("pgstattuple_approx") + "(?::oid::regclass)")) {
            ps.setLong(1, table.oid());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long count = rs.getLong(1);
                long bytes = rs.getLong(2);
                return layout.figures(pages(count, bytes, false, layout), BloatFigures.ESTIMATED, "pgstattuple_approx", count);
            }
        }
    }

    private static long pages(long count, long bytes, boolean constant, Layout layout) {
        if (count == 0) return 0;
        double space = PageMath.heapTupleSpace((double) bytes / count, constant);
        return PageMath.heapPages(count, space, layout.fillfactor(), layout.blockSize());
    }

    /** Leaves needed = leaf pages x density / fillfactor, plus the internal pages and the metapage. */
    static BloatFigures btree(Connection c, PgStatTuple ext, Relation index, Layout layout) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT internal_pages, leaf_pages, avg_leaf_density FROM "
                + ext.function("pgstatindex") + "(?::oid::regclass)")) {
            ps.setLong(1, index.oid());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long internal = rs.getLong(1);
                long leaves = rs.getLong(2);
                double density = rs.getDouble(3);
                long neededLeaves = leaves == 0 || Double.isNaN(density) ? 0
                        : (long) Math.ceil(leaves * density / layout.fillfactor());
                return layout.figures(1 + internal + neededLeaves, BloatFigures.EXACT, "pgstatindex", null);
            }
        }
    }
}
