package io.dataflow.monitor;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The collected metrics as Micrometer gauges: one {@link MultiGauge} per catalog metric (a row per
 * subject; rows of subjects that are gone are dropped), open alerts per rule, and the monitor's own
 * collection count and duration. Registries bound with {@link #bindTo} receive them all.
 */
final class MonitorMeters {

    private final CompositeMeterRegistry composite = new CompositeMeterRegistry();
    private final Map<String, MultiGauge> gauges = new HashMap<>();
    private final MultiGauge openAlerts;
    private final Counter collections;
    private final Timer duration;
    private final String database;

    MonitorMeters(String database) {
        this.database = database;
        for (MetricCatalog.Metric m : MetricCatalog.all().values()) {
            gauges.put(m.name(), MultiGauge.builder("dataflow." + m.name()).description(m.help()).register(composite));
        }
        openAlerts = MultiGauge.builder("dataflow.alerts_open").description("alerts open now, per rule").register(composite);
        collections = Counter.builder("dataflow.monitor.collections").description("collections run").tag("database", database).register(composite);
        duration = Timer.builder("dataflow.monitor.collection").description("time a collection took").tag("database", database).register(composite);
    }

    void bindTo(MeterRegistry registry) {
        composite.add(registry);
    }

    /** Updates every metric collected this time; the others keep their last values. */
    synchronized void update(List<MetricPoint> points, Set<String> collected, List<AlertRule> rules, List<Alert> open, Duration took) {
        Map<String, List<MultiGauge.Row<?>>> rows = new HashMap<>();
        for (MetricPoint p : points) {
            MetricCatalog.Metric m = MetricCatalog.get(p.metric()).orElse(null);
            if (m == null) continue;
            Tags tags = Tags.of("database", database);
            if (m.label() != null) tags = tags.and(m.label(), p.subject());
            rows.computeIfAbsent(m.name(), k -> new ArrayList<>()).add(MultiGauge.Row.of(tags, p.value()));
        }
        for (String metric : collected) {
            MultiGauge g = gauges.get(metric);
            if (g != null) g.register(rows.getOrDefault(metric, List.of()), true);
        }
        Map<String, Integer> perRule = new HashMap<>();
        rules.forEach(r -> perRule.put(r.name(), 0));
        open.forEach(a -> perRule.merge(a.rule(), 1, Integer::sum));
        List<MultiGauge.Row<?>> alertRows = new ArrayList<>();
        perRule.forEach((rule, n) -> alertRows.add(MultiGauge.Row.of(Tags.of("database", database, "rule", rule), n)));
        openAlerts.register(alertRows, true);
        collections.increment();
        duration.record(took);
    }

    void fired(String rule) {
        Counter.builder("dataflow.alerts.fired").description("alerts fired, per rule").tags("database", database, "rule", rule)
                .register(composite).increment();
    }
}
