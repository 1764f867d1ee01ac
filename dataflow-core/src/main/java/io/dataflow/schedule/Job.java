package io.dataflow.schedule;

import java.time.Instant;
import java.util.Map;

/**
 * A scheduled job as stored in {@code dataflow.jobs}.
 *
 * @param name              unique name (a node's id by default)
 * @param schedule          hourly, daily, weekly, monthly or cron
 * @param maintenanceWindow HH:MM-HH:MM (UTC) or null
 * @param nodeType          the node it runs
 * @param config            the node's config (without the schedule)
 * @param nextRun           when it is due next
 * @param lastRun           when it last started, or null
 * @param lastStatus        ok, failed, abandoned (its instance died) or null
 * @param lastError         why the last run failed, or null
 * @param lastDurationMs    how long the last run took
 * @param runCount          how many runs have finished
 * @param runningSince      when the run in progress started, or null
 * @param runningBy         the instance running it, or null
 */
public record Job(String name, String schedule, String maintenanceWindow, String nodeType, Map<String, Object> config,
                  Instant nextRun, Instant lastRun, String lastStatus, String lastError, Double lastDurationMs,
                  long runCount, Instant runningSince, String runningBy) {
}
