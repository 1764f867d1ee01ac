package io.dataflow.maintenance;

import java.util.List;
import java.util.Map;

/**
 * What VacuumStrategy did to one table.
 *
 * @param table        schema.table
 * @param before       its reloptions before ({@code toast.} prefixed for its TOAST table)
 * @param after        its reloptions after
 * @param changed      the parameters whose value changed
 * @param statement    the ALTER TABLE that ran (or would run on a dry run), null when none
 * @param manualVacuum the manual VACUUM job registered for it, or null
 */
public record TableChange(String table, Map<String, String> before, Map<String, String> after, List<String> changed,
                          String statement, ScheduledJob manualVacuum) {
}
