package io.dataflow.partition;

import static io.dataflow.sql.Identifiers.quote;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * compress_old, with what PostgreSQL actually offers: TOAST compression per column (pglz, and lz4 when
 * the server was built with it, 14+) and a rewrite (VACUUM FULL) that gives dead space back. There is
 * no zstd for TOAST inside PostgreSQL; asked for it, this says so and uses lz4. A rewrite keeps values
 * that are already compressed as they are, and values under the TOAST threshold (about 2 kB) are never
 * compressed: the report shows the bytes before and after so nobody has to guess.
 */
final class Compressor {

    private Compressor() {
    }

    static void compress(MaintenanceContext ctx, Operation.CompressOld op, int olderThan, int serverVersion) throws SQLException {
        var cutoff = ctx.cutoff(olderThan);
        try (Connection c = ctx.dataSource.getConnection()) {
            boolean lz4 = serverVersion >= 140000 && lz4Available(c);
            String method = switch (op.compression()) {
                case "pglz" -> serverVersion >= 140000 ? "pglz" : null;
                default -> lz4 ? "lz4" : (serverVersion >= 140000 ? "pglz" : null);
            };
            String codecNote = codecNote(op.compression(), method, lz4);
            if (codecNote != null && !ctx.notes.contains(codecNote)) ctx.notes.add(codecNote);
            for (LivePartition p : PartitionCatalog.partitions(c, ctx.table)) {
                if (p.isDefault() || !p.endsBy(cutoff)) continue;
                Optional<PartitionRecord> rec = PartitionStore.get(ctx.state, c, ctx.table, p.name());
                if (rec.isPresent() && !rec.get().state().equals("active")) continue; // compressed or archived already
                List<String> columns = toastable(c, p.name());
                if (ctx.dryRun) {
                    ctx.did(c, "compress_old", p.name(), "compressed", describe(method, columns) + ", then VACUUM FULL (" + p.bytes() + " bytes now)");
                    continue;
                }
                long before = PartitionCatalog.size(c, p.name());
                try (Statement st = c.createStatement()) {
                    if (method != null) {
                        for (String col : columns) {
                            st.execute("ALTER TABLE " + quote(p.name()) + " ALTER COLUMN " + quote(col) + " SET COMPRESSION " + method);
                        }
                    }
                    st.execute("VACUUM (FULL, ANALYZE) " + quote(p.name()));
                }
                long after = PartitionCatalog.size(c, p.name());
                PartitionStore.compressed(ctx.state, c, ctx.table, p, before, after, ctx.now);
                ctx.did(c, "compress_old", p.name(), "compressed", describe(method, columns) + ", VACUUM FULL: " + before + " -> " + after + " bytes");
            }
        }
    }

    private static String describe(String method, List<String> columns) {
        if (method == null) return "rewrite only (per-column compression needs PostgreSQL 14)";
        if (columns.isEmpty()) return "no compressible (TOASTable) columns; rewrite only";
        return method + " TOAST compression for " + columns + " (values stored from now on)";
    }

    static String codecNote(String requested, String used, boolean lz4) {
        if (requested.equals("zstd")) {
            return "zstd is not available inside PostgreSQL (TOAST compression is pglz or lz4" + (lz4 ? "" : ", and this server was built without lz4")
                    + "); used " + (used == null ? "a plain rewrite" : used) + " instead. zstd is used for archives.";
        }
        if (requested.equals("lz4") && !lz4) {
            return "this server has no lz4 TOAST compression; used " + (used == null ? "a plain rewrite" : used) + " instead";
        }
        return null;
    }

    static boolean lz4Available(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'")) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    private static List<String> toastable(Connection c, String table) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT attname FROM pg_attribute WHERE attrelid = to_regclass(?) AND attnum > 0 AND NOT attisdropped
                   AND attstorage IN ('x', 'm') ORDER BY attnum""")) {
            ps.setString(1, quote(table));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getString(1));
            }
        }
        return out;
    }
}
