package io.dataflow.schedule;

import java.time.Instant;
import java.util.Map;

/**
 * One run of a job.
 *
 * @param job          the job's name
 * @param scheduledFor the tick it ran for
 * @param startedAt    when it started
 * @param status       ok or failed
 * @param error        why it failed, or null
 * @param ms           how long it took
 * @param output       the node's output
 */
public record JobRun(String job, Instant scheduledFor, Instant startedAt, String status, String error, double ms,
                     Map<String, Object> output) {
}
