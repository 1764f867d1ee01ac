package io.dataflow.stats;

import java.util.List;

/**
 * The outcome of {@link Statistics#update}, or with {@code dryRun} the plan of it.
 *
 * @param dryRun           true when nothing ran ({@code tables} is then empty and {@code plan} says what would run)
 * @param tables           per table, what was done
 * @param plan             the statements per table, as planned before running
 * @param rowsSampledBasis how {@code rows_sampled} is obtained
 */
public record UpdateReport(boolean dryRun, List<TableUpdate> tables, List<TablePlan> plan, String rowsSampledBasis) {

    public static final String BASIS = "min(300 x statistics_target, pg_class.reltuples after ANALYZE)";

    public UpdateReport {
        tables = List.copyOf(tables);
        plan = List.copyOf(plan);
    }
}
