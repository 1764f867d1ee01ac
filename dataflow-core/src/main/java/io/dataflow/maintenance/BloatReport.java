package io.dataflow.maintenance;

import java.util.List;

/**
 * What BloatMonitor found and did.
 *
 * @param pgstattuple      installed, created, or why it could not be used (then every figure is estimated)
 * @param thresholds       the thresholds applied
 * @param tableMediumRatio the ratio from which a table counts as medium bloat: 1 + (table_bloat_ratio - 1) / 2
 * @param indexMediumRatio the same for indexes
 * @param dryRun           true when nothing was done, only planned
 * @param tables           every table checked
 * @param indexes          every btree index of those tables
 * @param notes            indexes that cannot be measured, and other things to know
 * @param failedActions    how many actions failed (their details are with their relation)
 */
public record BloatReport(String pgstattuple, BloatThresholds thresholds, double tableMediumRatio, double indexMediumRatio,
                          boolean dryRun, List<RelationBloat> tables, List<RelationBloat> indexes, List<String> notes,
                          int failedActions) {
}
