package io.dataflow.mview;

import java.time.Instant;

/**
 * How stale a managed view is.
 *
 * @param name                the view
 * @param kind                materialized or incremental
 * @param lastRefresh         when it was last refreshed (or built)
 * @param secondsSinceRefresh seconds since then
 * @param baseTablesChanged   whether pg_stat_user_tables counts inserts, updates or deletes on its base tables since
 *                            (the collector reports a session's counts when it goes idle, so this can lag by a moment)
 * @param pendingRows         incremental: captured base rows not merged yet
 * @param watermark           incremental: when the last merge committed
 * @param lastStatus          ok or failed, of the last recorded refresh
 * @param lastError           its error, or null
 */
public record ViewStatus(String name, String kind, Instant lastRefresh, Long secondsSinceRefresh, Boolean baseTablesChanged,
                         Long pendingRows, Instant watermark, String lastStatus, String lastError) {
}
