package io.dataflow.partition;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Streams that feed a {@link RowDigest} with every byte that passes. */
final class DigestStreams {

    private DigestStreams() {
    }

    static OutputStream out(OutputStream target, RowDigest digest) {
        return new FilterOutputStream(target) {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                digest.update(b, off, len);
                out.write(b, off, len);
            }
        };
    }

    static InputStream in(InputStream source, RowDigest digest) {
        return new FilterInputStream(source) {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = in.read(b, off, len);
                if (n > 0) digest.update(b, off, n);
                return n;
            }
        };
    }

    /** Reads a stream to its end through the digest. */
    static void drain(InputStream in, RowDigest digest) throws IOException {
        byte[] buf = new byte[1 << 16];
        int n;
        while ((n = in.read(buf)) >= 0) if (n > 0) digest.update(buf, 0, n);
    }
}
