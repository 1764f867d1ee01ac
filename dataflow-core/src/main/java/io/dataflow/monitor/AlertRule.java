package io.dataflow.monitor;

import io.dataflow.config.ConfigReader;
import io.dataflow.config.DidYouMean;
import java.time.Duration;
import java.util.List;

/**
 * One entry of the guide's {@code alerts}: which metric, when it counts as breached, and what to do.
 * {@code slow_query_spike} compares each statement's mean time over {@code window} with its baseline
 * (the median of its per-collection mean times over the {@code baseline} days before the window);
 * every other rule compares a collected metric with a fixed threshold.
 *
 * @param name               the rule's key (also the alert's name)
 * @param metric             a {@link MetricCatalog} name
 * @param threshold          when it is breached
 * @param window             slow_query_spike: the span whose mean is compared
 * @param minCalls           slow_query_spike: calls needed in the window to judge a statement
 * @param baseline           slow_query_spike: how far back the baseline looks
 * @param minBaselineSamples slow_query_spike: collections needed before a statement has a baseline
 * @param action             {@code schedule_reindex}, or null
 */
public record AlertRule(String name, String metric, Threshold threshold, Duration window, int minCalls, Duration baseline,
                        int minBaselineSamples, String action) {

    public static final String SLOW_QUERY_SPIKE = "slow_query_spike";
    public static final String INDEX_BLOAT = "index_bloat";
    public static final String SCHEDULE_REINDEX = "schedule_reindex";
    static final List<String> ACTIONS = List.of(SCHEDULE_REINDEX);

    /** The guide's two rules with its values. */
    public static List<AlertRule> guide() {
        return List.of(slowQuerySpike(new Threshold(Threshold.Kind.BASELINE, 5), Duration.ofMinutes(5), 10, Duration.ofDays(7), 3),
                new AlertRule(INDEX_BLOAT, MetricCatalog.INDEX_BLOAT, new Threshold(Threshold.Kind.OPTIMAL, 3), null, 0, null, 0, SCHEDULE_REINDEX));
    }

    public static AlertRule slowQuerySpike(Threshold threshold, Duration window, int minCalls, Duration baseline, int minBaselineSamples) {
        return new AlertRule(SLOW_QUERY_SPIKE, MetricCatalog.QUERY_MEAN_TIME_MS, threshold, window, minCalls, baseline, minBaselineSamples, null);
    }

    /** A fixed-threshold rule on any collected metric. */
    public static AlertRule on(String name, String metric, String threshold) {
        return new AlertRule(name, metric, Threshold.parse(threshold, "alert " + name, "threshold"), null, 0, null, 0, null);
    }

    public boolean isSpike() {
        return SLOW_QUERY_SPIKE.equals(name);
    }

    static AlertRule read(String name, ConfigReader c) {
        boolean spike = SLOW_QUERY_SPIKE.equals(name);
        c.allowOnly(spike ? List.of("threshold", "window", "min_calls", "baseline", "min_baseline_samples")
                : List.of("metric", "threshold", "action"));
        String metric = c.optString("metric").orElse(spike ? MetricCatalog.QUERY_MEAN_TIME_MS
                : INDEX_BLOAT.equals(name) ? MetricCatalog.INDEX_BLOAT : name);
        if (MetricCatalog.get(metric).isEmpty()) {
            throw c.error("metric", "'" + metric + "' is not a collected metric" + DidYouMean.hint(metric,
                    List.copyOf(MetricCatalog.all().keySet())) + "; name one with metric: (see docs/monitoring.md), accepted: "
                    + String.join(", ", MetricCatalog.all().keySet()));
        }
        Object raw = c.value("threshold");
        if (raw == null && !spike && !INDEX_BLOAT.equals(name)) throw c.error("threshold", "is required, e.g. '> 0.9' or '3x optimal'");
        Threshold threshold = raw == null ? new Threshold(spike ? Threshold.Kind.BASELINE : Threshold.Kind.OPTIMAL, spike ? 5 : 3)
                : Threshold.parse(raw, c.where(), c.path("threshold"));
        if (threshold.kind() == Threshold.Kind.BASELINE && !spike) {
            throw c.error("threshold", "'" + raw + "': only slow_query_spike keeps baselines; write a fixed threshold such as '> 100'");
        }
        if (spike && threshold.kind() != Threshold.Kind.BASELINE) {
            throw c.error("threshold", "'" + raw + "': slow_query_spike compares with each statement's baseline: write e.g. '5x baseline'");
        }
        String action = c.optString("action").orElse(null);
        if (action != null && !ACTIONS.contains(action)) {
            throw c.error("action", "'" + action + "' is not an action" + DidYouMean.hint(action, ACTIONS) + "; accepted: " + String.join(", ", ACTIONS));
        }
        if (SCHEDULE_REINDEX.equals(action) && !MetricCatalog.INDEX_BLOAT.equals(metric)) {
            throw c.error("action", "schedule_reindex rebuilds bloated indexes: it needs metric " + MetricCatalog.INDEX_BLOAT + ", not " + metric);
        }
        Duration window = spike ? Durations.parse(c.optString("window").orElse("5m"), c.where(), c.path("window")) : null;
        Duration baseline = spike ? Durations.parse(c.optString("baseline").orElse("7d"), c.where(), c.path("baseline")) : null;
        int minCalls = spike ? c.integer("min_calls", 10) : 0;
        int minSamples = spike ? c.integer("min_baseline_samples", 3) : 0;
        if (minCalls < 1 && spike) throw c.error("min_calls", "must be 1 or more");
        if (minSamples < 1 && spike) throw c.error("min_baseline_samples", "must be 1 or more");
        return new AlertRule(name, metric, threshold, window, minCalls, baseline, minSamples, action);
    }
}
