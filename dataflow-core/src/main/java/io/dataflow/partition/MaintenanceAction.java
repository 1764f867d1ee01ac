package io.dataflow.partition;

/**
 * One thing maintenance did (or, in a dry run or a plan, would do).
 *
 * @param operation create_future, compress_old, archive, drop, default_rows, restore
 * @param partition the partition concerned, or null
 * @param action    created, moved_rows, compressed, exported, verified, detached, dropped, skipped, ...
 * @param detail    what and why, in words
 * @param done      false in a dry run (and for skips)
 */
public record MaintenanceAction(String operation, String partition, String action, String detail, boolean done) {
}
