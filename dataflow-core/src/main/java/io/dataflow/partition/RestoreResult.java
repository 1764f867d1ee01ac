package io.dataflow.partition;

/**
 * @param table    the table the rows were loaded into
 * @param attached attached to the parent as a partition (else a standalone table)
 * @param rows     rows loaded, equal to the manifest's
 * @param checksum the verified checksum
 * @param action   restored, or already_restored on a rerun
 */
public record RestoreResult(String partition, String table, boolean attached, long rows, String checksum, String action) {
}
