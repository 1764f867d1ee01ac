package io.dataflow.stats;

import java.time.Duration;

/**
 * How much work correlation_issues may do, so a check takes seconds on any table: it runs two
 * EXPLAINs and at most one bounded count per sample, for a bounded number of column pairs.
 *
 * @param minRows           tables with fewer rows are skipped (a 10x error needs rows to err by)
 * @param columnsPerTable   candidate columns per table (pairs grow with the square)
 * @param maxPairs          column pairs probed per analysis, over all tables
 * @param samplesPerPair    real rows whose values are probed per pair (the median ratio counts)
 * @param ratio             estimate vs actual ratio that makes a finding
 * @param statementTimeout  bound of each count(*)
 * @param budget            time for the whole check; pairs left over are reported as not checked
 * @param estimateFix       whether to measure the suggested statistics in a rolled-back transaction
 */
public record CorrelationLimits(long minRows, int columnsPerTable, int maxPairs, int samplesPerPair, double ratio,
                                Duration statementTimeout, Duration budget, boolean estimateFix) {

    public static final CorrelationLimits DEFAULT =
            new CorrelationLimits(1000, 8, 60, 3, 10, Duration.ofSeconds(2), Duration.ofSeconds(15), true);

    public CorrelationLimits {
        if (minRows < 1 || columnsPerTable < 2 || maxPairs < 1 || samplesPerPair < 1 || !(ratio > 1)) {
            throw new IllegalArgumentException("correlation limits must allow some work and a ratio above 1");
        }
    }

    public CorrelationLimits withEstimateFix(boolean estimate) {
        return new CorrelationLimits(minRows, columnsPerTable, maxPairs, samplesPerPair, ratio, statementTimeout, budget, estimate);
    }
}
