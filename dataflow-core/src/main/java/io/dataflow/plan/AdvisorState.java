package io.dataflow.plan;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The state of the database the advice was made on, so a reader can judge it.
 *
 * @param statsReset           when this database's statistics were last reset (pg_stat_database), or null if never
 * @param serverStarted        when the server started
 * @param statisticsAgeSeconds how long the statistics views have been counting: since the later of the two
 * @param statStatementsReset  when pg_stat_statements was last reset, for a workload read from it, else null
 * @param periodSeconds        the time the workload's weights cover: reads and writes are both per this period
 * @param periodSource         where the period comes from
 * @param writes               how write rates were obtained: measured (with the window), stated, workload_dml, or none (assumed zero)
 * @param tables               each workload table's statistics and write charge
 * @param statementsLeftOut    statements read but not advised on, by reason, with their counts
 * @param unusedRule           when an index without scans is called unused
 * @param warnings             what may make the advice wrong (tables never analyzed, young statistics)
 */
public record AdvisorState(Instant statsReset, Instant serverStarted, double statisticsAgeSeconds, Instant statStatementsReset,
                           double periodSeconds, String periodSource, String writes, List<TableState> tables,
                           Map<String, Integer> statementsLeftOut, String unusedRule, List<String> warnings) {
}
