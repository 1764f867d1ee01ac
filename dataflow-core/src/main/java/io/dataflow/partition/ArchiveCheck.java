package io.dataflow.partition;

import static io.dataflow.sql.Identifiers.quote;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.postgresql.PGConnection;

/**
 * The checks a drop makes right before it, so it never trusts its own record of an archive: the
 * archive as it is in the destination now, and the partition's rows against the archive's.
 */
final class ArchiveCheck {

    private ArchiveCheck() {
    }

    /**
     * The stored manifest, or why the archive in the destination cannot be trusted (then {@code manifest}
     * is null). {@code unreachable}: the destination did not answer (network, credentials), which says
     * nothing about the archive: not dropped now, checked again next run, the record kept.
     */
    record Stored(ArchiveManifest manifest, String problem, boolean unreachable) {
        Stored(ArchiveManifest manifest, String problem) {
            this(manifest, problem, false);
        }

        boolean ok() {
            return problem == null;
        }
    }

    /** Opening failed for another reason than the file being absent. */
    private static boolean unreachable(Exception e) {
        return e instanceof IOException && !(e instanceof java.io.FileNotFoundException) && !(e instanceof java.nio.file.NoSuchFileException)
                && !(e instanceof com.fasterxml.jackson.core.JacksonException);
    }

    /** Reads the manifest and the whole data file back from the destination; both must agree with what the state table recorded. */
    static Stored stored(ArchiveStore store, String table, PartitionRecord rec) {
        String manifestName = Archiver.manifestName(table, rec.partition());
        ArchiveManifest m;
        try {
            m = Archiver.readManifest(store, manifestName);
        } catch (IOException | RuntimeException e) {
            return new Stored(null, "its manifest " + store.uri(manifestName) + " cannot be read (" + e.getMessage() + ")", unreachable(e));
        }
        if (rec.archiveRows() == null || m.rows() != rec.archiveRows() || !m.checksum().equals(rec.archiveChecksum())) {
            return new Stored(null, "its manifest " + store.uri(manifestName) + " says " + m.rows() + " rows " + m.checksum()
                    + " but the archive recorded was " + rec.archiveRows() + " rows " + rec.archiveChecksum());
        }
        ArchiveFormat format = ArchiveFormat.byName(m.format()).orElse(null);
        Codec codec = Codec.byName(m.compression()).orElse(null);
        if (format == null || codec == null) {
            return new Stored(null, "its manifest names an unknown format or compression (" + m.format() + ", " + m.compression() + ")");
        }
        RowDigest digest = new RowDigest(format);
        InputStream raw;
        try {
            raw = store.open(m.file());
        } catch (IOException | RuntimeException e) {
            return new Stored(null, "the archive file " + store.uri(m.file()) + " cannot be read (" + e.getMessage() + ")", unreachable(e));
        }
        try (raw; InputStream in = codec.decompress(raw)) {
            DigestStreams.drain(in, digest); // an error from here on is the content's: truncated, not the codec's format
        } catch (IOException | RuntimeException e) {
            return new Stored(null, "the archive file " + store.uri(m.file()) + " cannot be read (" + e.getMessage() + ")");
        }
        if (digest.rows() != m.rows() || !digest.matches(m.checksum())) {
            return new Stored(null, "the archive file " + store.uri(m.file()) + " reads back as " + digest.rows() + " rows "
                    + digest.checksum() + ", its manifest says " + m.rows() + " rows " + m.checksum());
        }
        return new Stored(m, null);
    }

    /**
     * Why the rows of {@code table} are not the archive's, or null when they are: the same columns, the
     * same row count and the same order-independent digest of the rows, exported the way the archive was
     * (COPY in the archive's format, TimeZone UTC). Runs in the caller's transaction, which must hold
     * the table against writes.
     */
    static String content(Connection c, String table, ArchiveManifest m) throws SQLException, IOException {
        List<ArchiveManifest.Column> columns = PartitionCatalog.columns(c, table);
        if (!columns.equals(m.columns())) {
            return "its columns " + names(columns) + " are not the archive's " + names(m.columns());
        }
        ArchiveFormat format = ArchiveFormat.byName(m.format()).orElseThrow();
        RowDigest digest = copyDigest(c, table, columns, format);
        if (digest.rows() != m.rows()) return "it holds " + digest.rows() + " rows, its archive " + m.rows();
        if (!digest.matches(m.checksum())) {
            return "its rows are not the archive's (the same " + m.rows() + " rows counted, but the digest of their content is "
                    + digest.checksum() + ", the archive's " + m.checksum() + "): rows were changed after the export";
        }
        return null;
    }

    /** COPY of {@code table} through a digest only, in UTC, in the caller's transaction. */
    static RowDigest copyDigest(Connection c, String table, List<ArchiveManifest.Column> columns, ArchiveFormat format)
            throws SQLException, IOException {
        try (Statement st = c.createStatement()) {
            st.execute("SET LOCAL TimeZone = 'UTC'");
        }
        String cols = String.join(", ", columns.stream().map(col -> quote(col.name())).toList());
        RowDigest digest = new RowDigest(format);
        try (OutputStream out = DigestStreams.out(OutputStream.nullOutputStream(), digest)) {
            c.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY " + quote(table) + " (" + cols + ") TO STDOUT WITH " + format.copyOptions(), out);
        }
        return digest;
    }

    private static String names(List<ArchiveManifest.Column> columns) {
        return columns.stream().map(ArchiveManifest.Column::name).toList().toString();
    }
}
