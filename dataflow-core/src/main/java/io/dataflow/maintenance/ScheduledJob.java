package io.dataflow.maintenance;

import io.dataflow.schedule.Job;

/**
 * A job a maintenance capability registered with the scheduler.
 *
 * @param job               the job's name ({@code db.scheduler().job(name)})
 * @param nodeType          the node it runs
 * @param schedule          when it runs
 * @param maintenanceWindow the hours it may start in, or null
 * @param nextRun           when it is due first
 */
public record ScheduledJob(String job, String nodeType, String schedule, String maintenanceWindow, String nextRun) {

    static ScheduledJob of(Job j) {
        return new ScheduledJob(j.name(), j.nodeType(), j.schedule(), j.maintenanceWindow(), j.nextRun().toString());
    }

    /** A job name for a table: letters, digits and {@code _ . : -} only, as the scheduler accepts. */
    static String name(String kind, Relation table) {
        return kind + "." + table.qualified().replaceAll("[^A-Za-z0-9_.:-]", "_");
    }
}
