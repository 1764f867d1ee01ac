package io.dataflow.mview;

import java.time.Instant;

/**
 * One row of a view's refresh history in {@code dataflow.mview_refreshes}, failed refreshes included.
 *
 * @param durationMs how long it took (null when not recorded)
 * @param rows       rows in the view afterwards (null for a failed refresh)
 * @param status     ok or failed
 * @param error      the database's message for a failed refresh, else null
 */
public record RefreshRecord(String name, String method, Instant startedAt, Double durationMs, Long rows, String status, String error) {
}
