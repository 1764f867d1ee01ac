package io.dataflow.partition;

import static io.dataflow.sql.Identifiers.quote;

import io.dataflow.DataFlowException;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.postgresql.PGConnection;

/**
 * restore: loads an archive back into a table, checking row count and checksum while loading (a
 * mismatch rolls everything back). Attached: created like the parent, DEFAULT's rows for the same
 * bounds moved in, attached with the manifest's bounds, all in one transaction. Standalone: a plain
 * table with the manifest's column definitions.
 */
final class Restorer {

    private Restorer() {
    }

    static RestoreResult restore(MaintenanceContext ctx, String partition, boolean attach, String targetName, ArchiveStore store)
            throws SQLException, IOException {
        ArchiveManifest m = Archiver.readManifest(store, Archiver.manifestName(ctx.table, partition));
        String target = targetName != null ? targetName : (attach ? partition : partition + "_restored");
        try (Connection c = ctx.dataSource.getConnection()) {
            if (PartitionCatalog.exists(c, target)) {
                boolean attachedNow = PartitionCatalog.partitions(c, ctx.table).stream().anyMatch(p -> p.name().equals(target));
                if (attachedNow == attach && PartitionCatalog.count(c, target) == m.rows()) {
                    return new RestoreResult(partition, target, attach, m.rows(), m.checksum(), "already_restored");
                }
                throw new DataFlowException("cannot restore " + partition + " into " + target + ": a table of that name exists"
                        + (attach ? "" : "; pass another table name"));
            }
            if (ctx.dryRun) return new RestoreResult(partition, target, attach, m.rows(), m.checksum(), "would_restore");
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("SET LOCAL TimeZone = 'UTC'");
                if (attach) {
                    st.execute("CREATE TABLE " + quote(target) + " (LIKE " + quote(ctx.table) + " INCLUDING DEFAULTS INCLUDING CONSTRAINTS)");
                } else {
                    st.execute("CREATE TABLE " + quote(target) + " (" + String.join(", ", m.columns().stream()
                            .map(col -> quote(col.name()) + " " + col.type() + (col.notNull() ? " NOT NULL" : "")).toList()) + ")");
                }
                String cols = String.join(", ", m.columns().stream().map(col -> quote(col.name())).toList());
                RowDigest digest = new RowDigest(ArchiveFormat.byName(m.format()).orElseThrow());
                try (InputStream raw = store.open(m.file());
                     InputStream in = DigestStreams.in(Codec.byName(m.compression()).orElseThrow().decompress(raw), digest)) {
                    c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + quote(target) + " (" + cols + ") FROM STDIN WITH "
                            + ArchiveFormat.byName(m.format()).orElseThrow().copyOptions(), in);
                }
                if (digest.rows() != m.rows() || !digest.matches(m.checksum())) {
                    throw new DataFlowException("archive of " + partition + " does not match its manifest: read " + digest.rows() + " rows "
                            + digest.checksum() + ", manifest says " + m.rows() + " rows " + m.checksum() + "; nothing was restored");
                }
                if (attach) attach(ctx, c, st, target, m);
                PartitionStore.state(c, ctx.table, partition, m.from(), m.to(), attach ? "restored" : currentState(c, ctx.table, partition), ctx.now);
                c.commit();
            } catch (SQLException | IOException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
            ctx.did(c, "restore", partition, "restored", m.rows() + " rows into " + target + (attach ? ", attached" : ", standalone"));
            return new RestoreResult(partition, target, attach, m.rows(), m.checksum(), "restored");
        }
    }

    private static String currentState(Connection c, String table, String partition) throws SQLException {
        return PartitionStore.get(c, table, partition).map(PartitionRecord::state).orElse("dropped");
    }

    private static void attach(MaintenanceContext ctx, Connection c, Statement st, String target, ArchiveManifest m) throws SQLException {
        if (m.from() == null || m.to() == null) {
            throw new DataFlowException("the archive of " + m.partition() + " has no range bounds (" + m.bound() + "); restore it standalone");
        }
        String predicate = quote(ctx.key()) + " >= " + ctx.bound(java.time.LocalDate.parse(m.from())) + " AND " + quote(ctx.key()) + " < "
                + ctx.bound(java.time.LocalDate.parse(m.to()));
        List<LivePartition> live = PartitionCatalog.partitions(c, ctx.table);
        for (LivePartition p : live) {
            if (p.isDefault()) {
                st.execute("LOCK TABLE " + quote(p.name()) + " IN ACCESS EXCLUSIVE MODE");
                st.executeUpdate("WITH moved AS (DELETE FROM " + quote(p.name()) + " WHERE " + predicate + " RETURNING " + ctx.columnList()
                        + ") INSERT INTO " + quote(target) + " (" + ctx.columnList() + ") SELECT " + ctx.columnList() + " FROM moved");
            }
        }
        st.execute("ALTER TABLE " + quote(ctx.table) + " ATTACH PARTITION " + quote(target) + " FOR VALUES FROM ("
                + ctx.bound(java.time.LocalDate.parse(m.from())) + ") TO (" + ctx.bound(java.time.LocalDate.parse(m.to())) + ")");
    }
}
