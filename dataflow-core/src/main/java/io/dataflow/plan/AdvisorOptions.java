package io.dataflow.plan;

import java.time.Duration;
import java.util.Map;

/**
 * How the advisor chooses.
 *
 * @param budgetBytes     total size the new indexes may take
 * @param maxIndexes      at most this many new indexes
 * @param whatIf          how hypothetical indexes are made
 * @param minBenefitShare an index must lower the workload cost by at least this share of what the workload costs with the advice in place
 * @param timeoutMs       statement timeout of each planning step
 * @param period          the time a workload file's weights cover (a weight is executions per period); the
 *                        write rates are multiplied by it so reads and writes are charged on one time base.
 *                        pg_stat_statements workloads bring their own (since its last reset)
 * @param observe         when positive: measure every table's write rate over this window (two samples of
 *                        pg_stat_user_tables) before advising
 * @param writes          stated write rates, table -> rows per second (win over measured ones)
 * @param analyze         ANALYZE the workload's tables that were never analyzed, before advising
 * @param unusedAfter     an index without scans is called unused only when it, and the statistics since the
 *                        last reset, are at least this old
 */
public record AdvisorOptions(long budgetBytes, int maxIndexes, WhatIf.Mode whatIf, double minBenefitShare, long timeoutMs,
                             Duration period, Duration observe, Map<String, Double> writes, boolean analyze, Duration unusedAfter) {

    public AdvisorOptions {
        writes = writes == null ? Map.of() : Map.copyOf(writes);
        if (period == null || period.isNegative() || period.isZero()) throw new PlanException("the advisor's period must be positive, got " + period);
        if (observe == null || observe.isNegative()) throw new PlanException("the advisor's observation window must be zero or positive, got " + observe);
        if (unusedAfter == null || unusedAfter.isNegative()) throw new PlanException("unused_after must be zero or positive, got " + unusedAfter);
        writes.forEach((t, r) -> {
            if (!(r >= 0)) throw new PlanException("the write rate of " + t + " must be zero or positive, got " + r);
        });
    }

    public static AdvisorOptions defaults() {
        return new AdvisorOptions(512L * 1024 * 1024, 10, WhatIf.Mode.AUTO, 0.005, 30_000, Duration.ofSeconds(1), Duration.ZERO, Map.of(), false,
                Duration.ofDays(7));
    }

    public AdvisorOptions budgetMb(long mb) {
        return budgetBytes(mb * 1024 * 1024);
    }

    public AdvisorOptions budgetBytes(long bytes) {
        return new AdvisorOptions(bytes, maxIndexes, whatIf, minBenefitShare, timeoutMs, period, observe, writes, analyze, unusedAfter);
    }

    public AdvisorOptions maxIndexes(int value) {
        return new AdvisorOptions(budgetBytes, value, whatIf, minBenefitShare, timeoutMs, period, observe, writes, analyze, unusedAfter);
    }

    public AdvisorOptions whatIf(WhatIf.Mode value) {
        return new AdvisorOptions(budgetBytes, maxIndexes, value, minBenefitShare, timeoutMs, period, observe, writes, analyze, unusedAfter);
    }

    public AdvisorOptions minBenefitShare(double value) {
        return new AdvisorOptions(budgetBytes, maxIndexes, whatIf, value, timeoutMs, period, observe, writes, analyze, unusedAfter);
    }

    public AdvisorOptions period(Duration value) {
        return new AdvisorOptions(budgetBytes, maxIndexes, whatIf, minBenefitShare, timeoutMs, value, observe, writes, analyze, unusedAfter);
    }

    public AdvisorOptions observe(Duration value) {
        return new AdvisorOptions(budgetBytes, maxIndexes, whatIf, minBenefitShare, timeoutMs, period, value, writes, analyze, unusedAfter);
    }

    public AdvisorOptions writes(Map<String, Double> value) {
        return new AdvisorOptions(budgetBytes, maxIndexes, whatIf, minBenefitShare, timeoutMs, period, observe, value, analyze, unusedAfter);
    }

    public AdvisorOptions analyze(boolean value) {
        return new AdvisorOptions(budgetBytes, maxIndexes, whatIf, minBenefitShare, timeoutMs, period, observe, writes, value, unusedAfter);
    }

    public AdvisorOptions unusedAfter(Duration value) {
        return new AdvisorOptions(budgetBytes, maxIndexes, whatIf, minBenefitShare, timeoutMs, period, observe, writes, analyze, value);
    }
}
