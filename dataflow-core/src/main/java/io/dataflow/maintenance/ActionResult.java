package io.dataflow.maintenance;

/**
 * One action BloatMonitor took (or would take) on a relation.
 *
 * @param action    the config word: schedule_vacuum_full, vacuum_full_now, increase_vacuum_frequency, reindex, report
 * @param status    done, scheduled, removed, planned (dry run), reported, skipped or failed
 * @param detail    what happened, in a sentence
 * @param statement the SQL that ran (or would run), or null
 * @param job       the scheduler job registered or removed, or null
 */
public record ActionResult(String action, String status, String detail, String statement, String job) {

    static ActionResult of(BloatAction action, String status, String detail) {
        return new ActionResult(action.word(), status, detail, null, null);
    }

    public boolean failed() {
        return "failed".equals(status);
    }
}
