package io.dataflow.mview;

import java.time.Instant;

/**
 * One refresh, as recorded in {@code dataflow.mview_refreshes}.
 *
 * @param name       the view
 * @param method     concurrent, full, upsert, append, replace_partition, or rebuild (after updates/deletes of base rows)
 * @param startedAt  when it started
 * @param durationMs how long it took
 * @param rows       rows in the view afterwards
 * @param merged     incremental: captured base rows merged (0 for a materialized view)
 * @param reason     why this method was used (e.g. "2 UPDATE/DELETE statements on orders since the last refresh")
 */
public record RefreshResult(String name, String method, Instant startedAt, double durationMs, long rows, long merged, String reason) {
}
