package io.dataflow.partition;

import java.time.Instant;

/**
 * A partition's lifecycle row in {@code dataflow.partitions}.
 *
 * @param state active, compressed, exported (archive written, not yet verified), archived (verified),
 *              detached, dropped or restored
 */
public record PartitionRecord(String parentTable, String partition, String lowerBound, String upperBound, String state,
                              Long bytesBefore, Long bytesAfter, String archiveUri, String manifestUri, String archiveFormat,
                              String archiveCodec, Long archiveRows, String archiveChecksum, Long archiveBytes,
                              Instant verifiedAt) {

    /** A verified archive exists (the partition may be detached or dropped already). */
    public boolean verified() {
        return verifiedAt != null && archiveUri != null;
    }
}
