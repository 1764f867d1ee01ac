package io.dataflow.monitor;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Judges one rule against a collection. Pure: the monitor fires and resolves from its verdict.
 * A subject is breaching, fine, or undecided (too few calls, no baseline yet): an open alert
 * resolves only when its subject is judged fine, or has left the data (no calls in the window, the
 * index is gone), never merely because nothing could be judged.
 */
final class RuleEvaluator {

    /** A subject over its limit. */
    record Breach(String subject, double value, double limit, String message) {
    }

    /**
     * @param evaluated  false when the rule's metric was not collected this time: nothing fires or resolves
     * @param breaches   subjects over the limit
     * @param undecided  subjects that could not be judged; their open alerts stay open
     */
    record Verdict(boolean evaluated, List<Breach> breaches, Set<String> undecided) {
        static Verdict skipped() {
            return new Verdict(false, List.of(), Set.of());
        }
    }

    private RuleEvaluator() {
    }

    static Verdict spike(AlertRule rule, Map<Long, QueryHistory.Window> windows) {
        List<Breach> breaches = new ArrayList<>();
        Set<String> undecided = new HashSet<>();
        for (QueryHistory.Window w : windows.values()) {
            String subject = Long.toString(w.queryid());
            if (w.calls() < rule.minCalls() || w.baselineMs() == null || w.baselineSamples() < rule.minBaselineSamples()) {
                undecided.add(subject);
                continue;
            }
            double baseline = Math.max(w.baselineMs(), 0.001); // a 0 ms baseline would make any time a spike
            if (rule.threshold().breached(w.meanMs(), baseline)) {
                breaches.add(new Breach(subject, round(w.meanMs()), round(rule.threshold().limit(baseline)), String.format(
                        "statement %d averaged %.3f ms over the last %s (%d calls): %.1fx its baseline of %.3f ms (threshold %s): %s",
                        w.queryid(), w.meanMs(), Durations.text(rule.window()), w.calls(), w.meanMs() / baseline, baseline, rule.threshold(),
                        shorten(w.query()))));
            }
        }
        return new Verdict(true, breaches, undecided);
    }

    static Verdict fixed(AlertRule rule, List<MetricPoint> points, Set<String> collected) {
        if (!collected.contains(rule.metric())) return Verdict.skipped();
        List<Breach> breaches = new ArrayList<>();
        for (MetricPoint p : points) {
            if (!p.metric().equals(rule.metric()) || !rule.threshold().breached(p.value(), 0)) continue;
            String what = p.subject().isEmpty() ? p.metric() : p.metric() + " of " + p.subject();
            breaches.add(new Breach(p.subject(), p.value(), rule.threshold().limit(0), what + " is " + p.value() + " (threshold " + rule.threshold() + ")"));
        }
        return new Verdict(true, breaches, Set.of());
    }

    static String shorten(String query) {
        if (query == null) return "";
        String one = query.replaceAll("\\s+", " ").strip();
        return one.length() <= 160 ? one : one.substring(0, 157) + "...";
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
