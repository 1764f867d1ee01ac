package io.dataflow.stats;

import java.util.Comparator;
import java.util.List;

/**
 * The arithmetic of correlation_issues: how wrong an estimate is, when counting can be skipped, and
 * how bad a misestimate is (high from 100x, medium from the limit's ratio).
 */
final class CorrelationRule {

    static final double HIGH_RATIO = 100;

    private CorrelationRule() {
    }

    /** Larger over smaller, each at least 1 row (the planner never estimates below 1). */
    static double ratio(double estimated, double actual) {
        double e = Math.max(estimated, 1);
        double a = Math.max(actual, 1);
        return Math.max(e, a) / Math.min(e, a);
    }

    /**
     * The largest ratio a pair's estimate could have, from the single-column estimates: the pair's
     * true count is at least 1 (the values come from a real row) and at most the smaller single-column
     * count. This trusts the single-column estimates, so counting is skipped only when the bound stays
     * under half the limit ({@link #needsCount}).
     */
    static double bound(double pairEstimate, double estimateA, double estimateB) {
        double e = Math.max(pairEstimate, 1);
        return Math.max(e, Math.max(Math.min(estimateA, estimateB), 1) / e);
    }

    static boolean needsCount(double bound, double limit) {
        return bound >= limit / 2;
    }

    /** The median probe by ratio (the upper one of an even count): one odd row cannot make a finding. */
    static Probe median(List<Probe> probes) {
        List<Probe> sorted = probes.stream().sorted(Comparator.comparingDouble(Probe::ratio)).toList();
        return sorted.get(sorted.size() / 2);
    }

    static Severity severity(double ratio) {
        return ratio >= HIGH_RATIO ? Severity.HIGH : Severity.MEDIUM;
    }
}
