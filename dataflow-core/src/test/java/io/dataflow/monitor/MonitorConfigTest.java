package io.dataflow.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.config.ConfigException;
import io.dataflow.config.ConfigReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MonitorConfigTest {

    private static MonitorConfig read(Map<String, ?> config) {
        return MonitorConfig.read(ConfigReader.of("DatabasePerformanceMonitor 'm'", config));
    }

    @Test
    void theGuidesConfigReadsAsWritten() {
        MonitorConfig c = read(Map.of(
                "metrics", Map.of(
                        "query_performance", Map.of("slow_query_log", true, "threshold_ms", 100, "explain_slow_queries", true),
                        "index_usage", Map.of("unused_indexes", true, "index_scan_ratio", true, "index_bloat", true),
                        "table_statistics", Map.of("row_estimates", true, "dead_tuples", true, "last_vacuum", true),
                        "lock_statistics", Map.of("lock_waits", true, "deadlock_count", true, "longest_transaction", true)),
                "alerts", Map.of(
                        "slow_query_spike", Map.of("threshold", "5x baseline", "window", "5m"),
                        "index_bloat", Map.of("threshold", "3x optimal", "action", "schedule_reindex"))));
        assertThat(c.queryPerformance()).isEqualTo(new MonitorConfig.QueryOptions(true, true, 100, true, 5));
        AlertRule spike = c.alerts().stream().filter(AlertRule::isSpike).findFirst().orElseThrow();
        assertThat(spike.threshold()).isEqualTo(new Threshold(Threshold.Kind.BASELINE, 5));
        assertThat(spike.window()).isEqualTo(Duration.ofMinutes(5));
        assertThat(spike.minCalls()).isEqualTo(10);
        assertThat(spike.baseline()).isEqualTo(Duration.ofDays(7));
        AlertRule bloat = c.alerts().stream().filter(r -> r.name().equals("index_bloat")).findFirst().orElseThrow();
        assertThat(bloat.metric()).isEqualTo(MetricCatalog.INDEX_BLOAT);
        assertThat(bloat.action()).isEqualTo("schedule_reindex");
        assertThat(read(Map.of())).isEqualTo(MonitorConfig.guide());
    }

    @Test
    void aGroupLeftOutIsNotCollected() {
        MonitorConfig c = read(Map.of("metrics", Map.of("lock_statistics", Map.of("lock_waits", true))));
        assertThat(c.queryPerformance().enabled()).isFalse();
        assertThat(c.indexUsage().enabled()).isFalse();
        assertThat(c.lockStatistics()).isEqualTo(new MonitorConfig.LockOptions(true, true, false, false));
    }

    @Test
    void mistakesNameTheKeyAndWhatIsAccepted() {
        assertThatThrownBy(() -> read(Map.of("alerts", Map.of("index_bloat", Map.of("action", "drop_index")))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("alerts.index_bloat.action").hasMessageContaining("schedule_reindex");
        assertThatThrownBy(() -> read(Map.of("alerts", Map.of("cache_hit", Map.of("threshold", "< 0.99")))))
                .hasMessageContaining("'cache_hit' is not a collected metric").hasMessageContaining("cache_hit_rate");
        assertThatThrownBy(() -> read(Map.of("alerts", Map.of("slow_query_spike", Map.of("threshold", "> 100")))))
                .hasMessageContaining("5x baseline");
        assertThatThrownBy(() -> read(Map.of("alerts", Map.of("slow_query_spike", Map.of("window", "five minutes")))))
                .hasMessageContaining("not a duration");
        assertThatThrownBy(() -> read(Map.of("alerts", Map.of("lock_waits", Map.of()))))
                .hasMessageContaining("threshold").hasMessageContaining("required");
        assertThatThrownBy(() -> read(Map.of("metrics", Map.of("query_performance", Map.of("treshold_ms", 5)))))
                .hasMessageContaining("treshold_ms");
        assertThatThrownBy(() -> read(Map.of("alerts", Map.of("index_bloat", Map.of("treshold", "3x optimal")))))
                .hasMessageContaining("treshold");
        assertThatThrownBy(() -> read(Map.of("sinks", Map.of("webhook", Map.of("url", "ftp://x")))))
                .hasMessageContaining("http");
    }

    @Test
    void thresholdsAsTheGuideWritesThem() {
        assertThat(Threshold.parse("5x baseline", "w", "k").breached(0.6, 0.1)).isTrue();
        assertThat(Threshold.parse("5x baseline", "w", "k").breached(0.4, 0.1)).isFalse();
        assertThat(Threshold.parse("3x optimal", "w", "k").breached(3.5, 0)).isTrue();
        assertThat(Threshold.parse("< 0.95", "w", "k").breached(0.9, 0)).isTrue();
        assertThat(Threshold.parse(">= 2", "w", "k").breached(2, 0)).isTrue();
        assertThat(Threshold.parse(100, "w", "k").breached(100, 0)).isFalse();
        assertThat(Threshold.parse("2.5x BASELINE", "w", "k").toString()).isEqualTo("2.5x baseline");
    }

    @Test
    void aSpikeNeedsCallsAndABaselineAndUndecidedAlertsStayOpen() {
        AlertRule rule = AlertRule.guide().get(0);
        Map<Long, QueryHistory.Window> windows = Map.of(
                1L, new QueryHistory.Window(1, "SELECT 1", 50, 1.0, 0.1, 5),    // 10x: breach
                2L, new QueryHistory.Window(2, "SELECT 2", 50, 0.3, 0.1, 5),    // 3x: fine
                3L, new QueryHistory.Window(3, "SELECT 3", 5, 9.0, 0.1, 5),     // too few calls
                4L, new QueryHistory.Window(4, "SELECT 4", 50, 9.0, 0.1, 2),    // baseline too young
                5L, new QueryHistory.Window(5, "SELECT 5", 50, 9.0, null, 0));
        RuleEvaluator.Verdict v = RuleEvaluator.spike(rule, windows);
        assertThat(v.breaches()).extracting(RuleEvaluator.Breach::subject).containsExactly("1");
        assertThat(v.breaches().get(0).message()).contains("10.0x its baseline");
        assertThat(v.undecided()).containsExactlyInAnyOrder("3", "4", "5");
    }

    @Test
    void aFixedRuleIsJudgedOnlyWhenItsMetricWasCollected() {
        AlertRule rule = AlertRule.on("dead", MetricCatalog.DEAD_TUPLE_RATIO, "> 0.2");
        List<MetricPoint> points = List.of(new MetricPoint(MetricCatalog.DEAD_TUPLE_RATIO, "orders", 0.5),
                new MetricPoint(MetricCatalog.DEAD_TUPLE_RATIO, "users", 0.01));
        assertThat(RuleEvaluator.fixed(rule, points, Set.of(MetricCatalog.DEAD_TUPLE_RATIO)).breaches())
                .extracting(RuleEvaluator.Breach::subject).containsExactly("orders");
        assertThat(RuleEvaluator.fixed(rule, points, Set.of()).evaluated()).isFalse();
    }
}
