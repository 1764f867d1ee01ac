package io.dataflow.maintenance;

import java.util.List;

/**
 * The outcome of applying a vacuum strategy.
 *
 * @param applied  false on a dry run: the changes were made, read back and rolled back
 * @param tables   per table, in config order
 * @param warnings what the user should know (autovacuum off with no manual schedule, ...)
 */
public record VacuumStrategyReport(boolean applied, List<TableChange> tables, List<String> warnings) {
}
