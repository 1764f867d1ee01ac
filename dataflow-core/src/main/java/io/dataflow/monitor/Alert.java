package io.dataflow.monitor;

import java.time.Instant;

/**
 * An alert as kept in {@code dataflow.monitor_alerts}: open until its cause no longer holds.
 *
 * @param id           its row
 * @param rule         the rule that fired it (slow_query_spike, index_bloat, ...)
 * @param cause        rule and subject: at most one alert per cause is open
 * @param subject      what it is about (queryid, index, table), empty for the database
 * @param message      one line for people
 * @param value        the value that breached
 * @param threshold    the limit it breached
 * @param action       the action configured (schedule_reindex), or null
 * @param actionResult what the action did, or null
 * @param firedAt      when it fired
 * @param resolvedAt   when it resolved, or null while open
 * @param resolvedMessage why it resolved
 */
public record Alert(long id, String rule, String cause, String subject, String message, Double value, Double threshold, String action,
                    String actionResult, Instant firedAt, Instant resolvedAt, String resolvedMessage) {

    public boolean open() {
        return resolvedAt == null;
    }
}
