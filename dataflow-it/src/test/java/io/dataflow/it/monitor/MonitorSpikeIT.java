package io.dataflow.it.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dataflow.DataFlow;
import io.dataflow.it.MutableClock;
import io.dataflow.it.ServerTest;
import io.dataflow.it.TestServers;
import io.dataflow.monitor.AlertEvent;
import io.dataflow.monitor.AlertRule;
import io.dataflow.monitor.DatabasePerformanceMonitor;
import io.dataflow.monitor.MonitorConfig;
import io.dataflow.monitor.MonitorReport;
import io.dataflow.monitor.Threshold;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The acceptance scenario: a statement becomes far slower when its index is dropped; exactly one
 * slow_query_spike fires within the window, it resolves once the index is back, and a real HTTP
 * webhook receives both events. The monitor's clock is moved by hand, a minute per collection, so
 * the baseline and the window span minutes without the test waiting for them. Needs
 * pg_stat_statements preloaded (the embedded server always has it).
 */
@ParameterizedClass
@MethodSource("io.dataflow.it.TestServers#servers")
class MonitorSpikeIT extends ServerTest {

    static final String LOOKUP = "SELECT payload FROM items WHERE code = ?";

    private MonitorReport last;

    MonitorSpikeIT(TestServers.Server server) {
        super(server);
    }

    @Test
    void aTenTimesSlowerQueryRaisesOneSpikeThatResolvesWhenItsIndexReturns() throws Exception {
        Assumptions.assumeTrue(db.value("SELECT current_setting('shared_preload_libraries')").contains("pg_stat_statements"),
                "pg_stat_statements is not preloaded on " + server + " (the embedded server runs this test)");
        db.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
        db.execute("CREATE TABLE items (id bigserial PRIMARY KEY, code int NOT NULL, payload text NOT NULL)");
        db.execute("INSERT INTO items (code, payload) SELECT g, md5(g::text) FROM generate_series(1, 40000) g");
        db.execute("CREATE INDEX items_code ON items (code)");
        db.execute("ANALYZE items");

        MutableClock clock = new MutableClock(Instant.parse("2026-11-27T10:00:00Z"));
        List<AlertEvent> callback = new CopyOnWriteArrayList<>();
        try (WebhookReceiver hook = new WebhookReceiver(1);
             DataFlow flow = DataFlow.configure().url(db.url()).pool(1, 3, 30).clock(clock).open()) {
            MonitorConfig config = MonitorConfig.guide()
                    .withQueryPerformance(new MonitorConfig.QueryOptions(true, true, 1.0, true, 5)) // slow: over 1 ms
                    .withAlerts(List.of(AlertRule.slowQuerySpike(new Threshold(Threshold.Kind.BASELINE, 5), Duration.ofMinutes(5), 10,
                            Duration.ofDays(7), 3)))
                    .withWebhook(new MonitorConfig.WebhookOptions(hook.url(), 4, Duration.ofMillis(20)));
            DatabasePerformanceMonitor monitor = flow.monitor().configure(config).addSink(callback::add);
            MonitorReport first = monitor.collect(); // records the counters the next collections subtract
            assertThat(first.queryPerformance().available()).isTrue();

            List<Double> fastMeans = new ArrayList<>();
            for (int minute = 1; minute <= 8; minute++) fastMeans.add(round(monitor, clock, 60));
            assertThat(callback).isEmpty();

            db.execute("DROP INDEX items_code");
            List<Double> slowMeans = new ArrayList<>();
            int firedIn = -1;
            for (int minute = 1; minute <= 5; minute++) { // the whole window: exactly one alert, however often it is judged
                slowMeans.add(round(monitor, clock, 60));
                if (firedIn < 0 && !callback.isEmpty()) firedIn = minute;
            }
            double median = fastMeans.stream().sorted().toList().get(fastMeans.size() / 2);
            assertThat(slowMeans.get(slowMeans.size() - 1)).as("the statement without its index is at least 10x slower")
                    .isGreaterThan(10 * median);
            assertThat(firedIn).as("fired within the 5 minute window").isBetween(1, 5);
            MonitorReport.QueryPerformance slow = last.queryPerformance();
            assertThat(slow.slowQueryLog()).extracting(MonitorReport.QueryStat::query).anySatisfy(q -> assertThat(q).contains("FROM items WHERE code"));
            MonitorReport.SlowQueryPlan plan = slow.explainSlowQueries().stream().filter(p -> p.query().contains("FROM items")).findFirst().orElseThrow();
            assertThat(plan.error()).isNull();
            assertThat(plan.scans()).anySatisfy(scan -> assertThat(scan).contains("Seq Scan on").contains("items").contains("code = $1"));
            assertThat(callback).extracting(AlertEvent::event).containsExactly(AlertEvent.FIRED);
            assertThat(callback.get(0).alert().rule()).isEqualTo("slow_query_spike");
            assertThat(callback.get(0).alert().message()).contains("items").contains("baseline");
            assertThat(monitor.openAlerts()).hasSize(1);

            db.execute("CREATE INDEX items_code ON items (code)");
            for (int minute = 1; minute <= 7 && callback.size() < 2; minute++) round(monitor, clock, 60);
            assertThat(callback).extracting(AlertEvent::event).containsExactly(AlertEvent.FIRED, AlertEvent.RESOLVED);
            assertThat(callback.get(1).alert().id()).isEqualTo(callback.get(0).alert().id());
            assertThat(callback.get(1).alert().resolvedMessage()).contains("back to");
            assertThat(monitor.openAlerts()).isEmpty();

            ObjectMapper json = new ObjectMapper();
            List<JsonNode> received = new ArrayList<>();
            for (String body : hook.bodies) received.add(json.readTree(body));
            assertThat(received).extracting(n -> n.get("event").asText()).containsExactly("fired", "resolved");
            assertThat(received).allSatisfy(n -> assertThat(n.at("/alert/rule").asText()).isEqualTo("slow_query_spike"));
            assertThat(received.get(1).at("/alert/resolved_at").asText()).isNotEmpty();
            assertThat(hook.requests.get()).as("the first POST was refused and retried").isEqualTo(3);
        }
    }

    /** One minute of workload, then a collection a minute later; returns the statement's mean time in that minute. */
    private double round(DatabasePerformanceMonitor monitor, MutableClock clock, int calls) throws Exception {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(LOOKUP)) {
            for (int i = 0; i < calls; i++) {
                ps.setInt(1, 1 + (i * 613) % 40000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) rs.getString(1);
                }
            }
        }
        clock.advance(Duration.ofMinutes(1));
        MonitorReport r = monitor.collect();
        last = r;
        return r.queryPerformance().topQueries().stream().filter(q -> q.query().contains("FROM items WHERE code"))
                .findFirst().orElseThrow(() -> new AssertionError("the lookup is not among the top statements: " + r.queryPerformance()))
                .meanMs();
    }
}
