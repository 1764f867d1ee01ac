package io.dataflow.partition;

import java.util.List;

/**
 * What an archive holds, written beside it as JSON: enough to verify it and to restore it without
 * the original table.
 *
 * @param table       the partitioned parent
 * @param partition   the partition archived
 * @param from        range lower bound (UTC date), or null
 * @param to          range upper bound (UTC date), or null
 * @param bound       the bound as PostgreSQL deparsed it
 * @param rows        rows exported
 * @param checksum    {@code sha256:<hex>} of the uncompressed COPY stream
 * @param format      text or csv
 * @param compression zstd, lz4, gzip or none
 * @param file        the data file's name beside the manifest
 * @param bytes       the compressed file's size
 * @param uncompressedBytes the COPY stream's size
 * @param columns     the column definitions, in order
 * @param createdAt   when the export ran (DataFlow's clock)
 */
public record ArchiveManifest(String table, String partition, String from, String to, String bound, long rows, String checksum,
                              String format, String compression, String file, long bytes, long uncompressedBytes,
                              List<Column> columns, String createdAt) {

    public record Column(String name, String type, boolean notNull) {
    }
}
