package io.dataflow.partition;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 and row count of a COPY stream, fed in chunks. Text format: one row per line (newlines in
 * values are escaped). CSV: a newline ends a row only outside quotes; the header line is not a row.
 */
final class RowDigest {

    private final MessageDigest sha;
    private final boolean csv;
    private boolean inQuotes;
    private long lines;
    private long bytes;

    RowDigest(ArchiveFormat format) {
        try {
            this.sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        this.csv = format == ArchiveFormat.CSV;
    }

    void update(byte[] b, int off, int len) {
        sha.update(b, off, len);
        bytes += len;
        int end = off + len;
        if (csv) {
            for (int i = off; i < end; i++) {
                byte x = b[i];
                if (x == '"') inQuotes = !inQuotes;
                else if (x == '\n' && !inQuotes) lines++;
            }
        } else {
            for (int i = off; i < end; i++) if (b[i] == '\n') lines++;
        }
    }

    long rows() {
        return csv ? Math.max(0, lines - 1) : lines;
    }

    long bytes() {
        return bytes;
    }

    String checksum() {
        return "sha256:" + HexFormat.of().formatHex(sha.digest());
    }
}
