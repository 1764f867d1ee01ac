package io.dataflow.maintenance;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A relation's size on disk and how full its pages are meant to be.
 *
 * @param sizeBytes  pg_relation_size: the main fork (TOAST and free-space maps not counted)
 * @param fillfactor its fillfactor (100 for tables, 90 for btree indexes unless set)
 * @param blockSize  the server's page size
 */
record Layout(long sizeBytes, int fillfactor, int blockSize) {

    static final int TABLE_FILLFACTOR = 100;
    static final int BTREE_FILLFACTOR = 90;

    static Layout of(Connection c, Relation r, boolean index) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_relation_size(c.oid), coalesce((SELECT o.option_value::int"
                + " FROM pg_options_to_table(c.reloptions) o WHERE o.option_name = 'fillfactor'), ?),"
                + " current_setting('block_size')::int FROM pg_class c WHERE c.oid = ?")) {
            ps.setInt(1, index ? BTREE_FILLFACTOR : TABLE_FILLFACTOR);
            ps.setLong(2, r.oid());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw new SQLException(r.qualified() + " is gone");
                return new Layout(rs.getLong(1), rs.getInt(2), rs.getInt(3));
            }
        }
    }

    BloatFigures figures(long neededPages, String accuracy, String method, Long liveRows) {
        long pages = sizeBytes > 0 ? Math.max(1, neededPages) : neededPages; // a relation on disk has at least one page
        return new BloatFigures(sizeBytes, pages * blockSize, accuracy, method, liveRows);
    }
}
