package io.dataflow.partition;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Row count and checksum of a COPY stream, fed in chunks. Text format: one row per line (newlines in
 * values are escaped). CSV: a newline ends a row only outside quotes; the header line is not a row.
 *
 * <p>The checksum ({@code rows-sha256:}) does not depend on the order of the rows: each row's bytes
 * are hashed with SHA-256 and the hashes are added as four 64-bit lanes (a multiset hash), so two
 * exports of the same rows agree whatever order COPY produced them in, while a changed, missing, added
 * or truncated row changes it. Archives written before carry {@code sha256:} of the whole stream;
 * {@link #matches} still checks those.
 */
final class RowDigest {

    static final String ROWS = "rows-sha256:";
    static final String STREAM = "sha256:";

    private final MessageDigest stream;
    private final MessageDigest row;
    private final long[] lanes = new long[4];
    private final boolean csv;
    private boolean inQuotes;
    private boolean rowOpen;
    private long lines;
    private long bytes;
    private String rowsChecksum;
    private String streamChecksum;

    RowDigest(ArchiveFormat format) {
        try {
            this.stream = MessageDigest.getInstance("SHA-256");
            this.row = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        this.csv = format == ArchiveFormat.CSV;
    }

    void update(byte[] b, int off, int len) {
        stream.update(b, off, len);
        bytes += len;
        int end = off + len;
        int start = off;
        for (int i = off; i < end; i++) {
            byte x = b[i];
            if (csv && x == '"') {
                inQuotes = !inQuotes;
            } else if (x == '\n' && !inQuotes) {
                row.update(b, start, i + 1 - start);
                endRow();
                lines++;
                start = i + 1;
            }
        }
        if (start < end) {
            row.update(b, start, end - start);
            rowOpen = true;
        }
    }

    private void endRow() {
        byte[] h = row.digest();
        for (int lane = 0; lane < 4; lane++) {
            long v = 0;
            for (int k = 0; k < 8; k++) v = (v << 8) | (h[lane * 8 + k] & 0xff);
            lanes[lane] += v;
        }
        rowOpen = false;
    }

    long rows() {
        return csv ? Math.max(0, lines - 1) : lines;
    }

    long bytes() {
        return bytes;
    }

    /** The order-independent checksum; call once the stream has ended (a last row without its newline counts too). */
    String checksum() {
        if (rowsChecksum == null) {
            if (rowOpen) endRow(); // a truncated last line still changes the sum
            StringBuilder out = new StringBuilder(ROWS);
            for (long lane : lanes) out.append(HexFormat.of().toHexDigits(lane));
            rowsChecksum = out.toString();
        }
        return rowsChecksum;
    }

    /** Whether this stream has {@code expected}, in whichever of the two schemes it was written. */
    boolean matches(String expected) {
        if (expected == null) return false;
        if (expected.startsWith(ROWS)) return expected.equals(checksum());
        if (streamChecksum == null) streamChecksum = STREAM + HexFormat.of().formatHex(stream.digest());
        return expected.equals(streamChecksum);
    }
}
