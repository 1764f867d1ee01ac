package io.dataflow.partition;

import static io.dataflow.sql.Identifiers.quote;

import io.dataflow.DataFlowException;
import io.dataflow.Json;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.postgresql.PGConnection;

/**
 * archive: COPY a partition out into a compressed file plus manifest, then read both back and verify
 * row count and checksum before the partition is marked archived. Each step commits its outcome to
 * {@code dataflow.partitions}; file names are fixed per partition, so a rerun replaces rather than
 * duplicates, and a rerun after a verified archive does nothing.
 */
final class Archiver {

    private Archiver() {
    }

    static String dataName(String table, String partition, ArchiveFormat format, Codec codec) {
        return table + "/" + partition + format.extension() + codec.extension();
    }

    static String manifestName(String table, String partition) {
        return table + "/" + partition + ".manifest.json";
    }

    static void archive(MaintenanceContext ctx, Operation.Archive op, int olderThan, ArchiveStore store) throws SQLException, IOException {
        var cutoff = ctx.cutoff(olderThan);
        if (!ctx.dryRun) clearScratch(store.scratch(ctx.table)); // what a killed earlier run left (this run holds the table's run lock)
        try (Connection c = ctx.dataSource.getConnection()) {
            for (LivePartition p : PartitionCatalog.partitions(c, ctx.table)) {
                if (p.isDefault() || !p.endsBy(cutoff)) continue;
                Optional<PartitionRecord> rec = PartitionStore.get(c, ctx.table, p.name());
                if (rec.isPresent() && rec.get().verified()) continue; // archived before: nothing to do
                if (ctx.dryRun) {
                    ctx.did(c, "archive", p.name(), "exported", "COPY to " + store.uri(dataName(ctx.table, p.name(), op.format(), op.compression()))
                            + " (" + op.compression().configName() + "), then read back and verified");
                    continue;
                }
                ArchiveManifest manifest;
                if (rec.isPresent() && rec.get().state().equals("exported") && sameTarget(rec.get(), op)
                        && store.exists(manifestName(ctx.table, p.name()))) {
                    manifest = readManifest(store, manifestName(ctx.table, p.name())); // resume: written before a stop
                } else {
                    manifest = export(ctx, c, p, op, store);
                    ctx.did(c, "archive", p.name(), "exported", manifest.rows() + " rows, " + manifest.uncompressedBytes() + " bytes as "
                            + manifest.format() + ", " + manifest.bytes() + " bytes " + manifest.compression() + " at " + store.uri(manifest.file()));
                    ctx.hook.at("exported", p.name());
                }
                verify(ctx, c, p.name(), manifest, store);
                ctx.did(c, "archive", p.name(), "verified", "read back " + manifest.rows() + " rows, " + manifest.checksum());
                ctx.hook.at("verified", p.name());
            }
        }
    }

    private static boolean sameTarget(PartitionRecord r, Operation.Archive op) {
        return op.format().configName().equals(r.archiveFormat()) && op.compression().configName().equals(r.archiveCodec());
    }

    /** COPY out in one REPEATABLE READ snapshot, with count(*) from the same snapshot as a cross-check. */
    static ArchiveManifest export(MaintenanceContext ctx, Connection c, LivePartition p, Operation.Archive op, ArchiveStore store)
            throws SQLException, IOException {
        String file = dataName(ctx.table, p.name(), op.format(), op.compression());
        Path scratch = Files.createDirectories(store.scratch(ctx.table));
        Path tmp = Files.createTempFile(scratch, p.name() + "-", op.format().extension() + op.compression().extension());
        try {
            List<ArchiveManifest.Column> columns = PartitionCatalog.columns(c, p.name());
            String cols = String.join(", ", columns.stream().map(col -> quote(col.name())).toList());
            RowDigest digest = new RowDigest(op.format());
            long counted;
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                try (Statement st = c.createStatement()) {
                    st.execute("SET LOCAL TimeZone = 'UTC'"); // as the drop's content check and restore read it
                }
                counted = PartitionCatalog.count(c, p.name());
                try (OutputStream fileOut = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16);
                     OutputStream compressed = op.compression().compress(fileOut);
                     OutputStream out = DigestStreams.out(compressed, digest)) {
                    c.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY " + quote(p.name()) + " (" + cols + ") TO STDOUT WITH "
                            + op.format().copyOptions(), out);
                }
                c.commit();
            } finally {
                c.setAutoCommit(auto);
                c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            }
            if (digest.rows() != counted) {
                throw new DataFlowException("export of " + p.name() + " wrote " + digest.rows() + " rows but the partition holds " + counted
                        + " in the same snapshot; nothing was marked archived");
            }
            ArchiveManifest manifest = new ArchiveManifest(ctx.table, p.name(), p.from() == null ? null : p.from().toString(),
                    p.to() == null ? null : p.to().toString(), p.bound(), counted, digest.checksum(), op.format().configName(),
                    op.compression().configName(), file, Files.size(tmp), digest.bytes(), columns, ctx.now.toString());
            store.put(file, tmp);
            Path m = Files.createTempFile(scratch, p.name() + "-", ".manifest.json");
            try {
                Files.writeString(m, Json.write(manifest), StandardCharsets.UTF_8);
                store.put(manifestName(ctx.table, p.name()), m);
            } finally {
                Files.deleteIfExists(m);
            }
            PartitionStore.exported(c, ctx.table, p, store.uri(file), store.uri(manifestName(ctx.table, p.name())), manifest, ctx.now);
            return manifest;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Deletes the files in {@code dir} (temporary files of exports that were stopped); a missing directory is fine. */
    static void clearScratch(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(f)) Files.deleteIfExists(f);
            }
        }
    }

    static ArchiveManifest readManifest(ArchiveStore store, String name) throws IOException {
        try (InputStream in = store.open(name)) {
            return Json.mapper().readValue(in, ArchiveManifest.class);
        }
    }

    /** Reads the stored manifest and data back; marks the partition archived only when both agree with what was exported. */
    static void verify(MaintenanceContext ctx, Connection c, String partition, ArchiveManifest expected, ArchiveStore store)
            throws SQLException, IOException {
        ArchiveManifest stored = readManifest(store, manifestName(ctx.table, partition));
        String problem = null;
        if (stored.rows() != expected.rows() || !stored.checksum().equals(expected.checksum())) {
            problem = "the stored manifest says " + stored.rows() + " rows " + stored.checksum();
        } else {
            RowDigest digest = new RowDigest(ArchiveFormat.byName(stored.format()).orElseThrow());
            try (InputStream raw = store.open(stored.file());
                 InputStream in = Codec.byName(stored.compression()).orElseThrow().decompress(raw)) {
                DigestStreams.drain(in, digest);
            } catch (IOException e) {
                problem = "reading it back failed: " + e.getMessage();
            }
            if (problem == null) {
                if (digest.rows() != expected.rows() || !digest.matches(expected.checksum())) {
                    problem = "read back " + digest.rows() + " rows " + digest.checksum() + ", expected " + expected.rows() + " rows "
                            + expected.checksum();
                }
            }
        }
        if (problem != null) {
            PartitionStore.invalidateArchive(c, ctx.table, partition, ctx.now);
            throw new DataFlowException("archive of " + partition + " failed verification: " + problem
                    + "; the partition stays as it is and the next run exports it again");
        }
        PartitionStore.verified(c, ctx.table, partition, ctx.now);
    }
}
