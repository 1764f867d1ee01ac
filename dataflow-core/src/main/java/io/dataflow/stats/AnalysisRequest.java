package io.dataflow.stats;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What {@link Statistics#analyze} checks.
 *
 * @param checks    which checks run (all four when empty)
 * @param threshold when statistics count as outdated
 * @param tables    tables of the current schema; empty means all of them
 * @param limits    how much work correlation_issues may do
 */
public record AnalysisRequest(Set<StatisticsCheck> checks, AlertThreshold threshold, List<String> tables, CorrelationLimits limits) {

    public AnalysisRequest {
        checks = checks == null || checks.isEmpty() ? EnumSet.allOf(StatisticsCheck.class) : EnumSet.copyOf(checks);
        threshold = threshold == null ? AlertThreshold.DEFAULT : threshold;
        tables = tables == null ? List.of() : List.copyOf(tables);
        limits = limits == null ? CorrelationLimits.DEFAULT : limits;
    }

    /** Every check on every table, with the guide's thresholds. */
    public static AnalysisRequest all() {
        return new AnalysisRequest(Set.of(), null, List.of(), null);
    }

    public AnalysisRequest tables(String... names) {
        return new AnalysisRequest(checks, threshold, List.of(names), limits);
    }

    public AnalysisRequest checks(StatisticsCheck... only) {
        return new AnalysisRequest(Set.of(only), threshold, tables, limits);
    }

    public AnalysisRequest threshold(AlertThreshold t) {
        return new AnalysisRequest(checks, t, tables, limits);
    }

    public AnalysisRequest limits(CorrelationLimits l) {
        return new AnalysisRequest(checks, threshold, tables, l);
    }

    /** The checks in the guide's order, by their guide names. */
    public List<String> checkNames() {
        List<String> out = new ArrayList<>();
        for (StatisticsCheck c : StatisticsCheck.values()) if (checks.contains(c)) out.add(c.guideName());
        return out;
    }
}
