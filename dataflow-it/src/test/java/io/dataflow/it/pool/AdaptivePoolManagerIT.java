package io.dataflow.it.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.DataFlow;
import io.dataflow.config.ConfigException;
import io.dataflow.it.ServerTest;
import io.dataflow.it.TestServers;
import io.dataflow.pool.AdaptivePoolManager;
import io.dataflow.pool.DemandThresholds;
import io.dataflow.pool.PoolDecision;
import io.dataflow.pool.PoolProfiles;
import io.dataflow.pool.PoolSettings;
import io.dataflow.pool.Workload;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

@ParameterizedClass
@MethodSource("io.dataflow.it.TestServers#servers")
class AdaptivePoolManagerIT extends ServerTest {

    /** Monday 2026-01-05 10:00 UTC: the guide's clock says peak. */
    static final Clock MONDAY_10 = Clock.fixed(Instant.parse("2026-01-05T10:00:00Z"), ZoneOffset.UTC);
    static final Clock SUNDAY_03 = Clock.fixed(Instant.parse("2026-01-04T03:00:00Z"), ZoneOffset.UTC);

    AdaptivePoolManagerIT(TestServers.Server server) {
        super(server);
    }

    DataFlow open(Clock clock) {
        return DataFlow.configure().url(db.url()).pool(5, 0, 30).clock(clock).open();
    }

    static PoolProfiles small(int limit) {
        return PoolProfiles.of(Map.of(Workload.PEAK, new PoolSettings(20, 10, 30), Workload.NORMAL, new PoolSettings(8, 4, 30),
                Workload.MAINTENANCE, new PoolSettings(3, 2, 30)), limit);
    }

    @Test
    void fiftyThreadsOnFiveConnectionsGrowThePoolThenItShrinksWithoutErrors() throws Exception {
        try (DataFlow flow = open(MONDAY_10)) {
            AdaptivePoolManager manager = new AdaptivePoolManager(flow, small(flow.capabilities().connectionLimit()),
                    DemandThresholds.DEFAULT, 4);
            AtomicReference<ConcurrentLinkedQueue<Long>> acquireNanos = new AtomicReference<>(new ConcurrentLinkedQueue<>());
            AtomicInteger errors = new AtomicInteger();
            List<Thread> clients = new ArrayList<>();
            volatile_stop[0] = false;
            for (int i = 0; i < 50; i++) {
                Thread t = new Thread(() -> {
                    while (!volatile_stop[0]) {
                        long start = System.nanoTime();
                        try (Connection c = flow.dataSource().getConnection(); Statement st = c.createStatement()) {
                            acquireNanos.get().add(System.nanoTime() - start);
                            st.execute("SELECT pg_sleep(0.01)");
                        } catch (Exception e) {
                            errors.incrementAndGet();
                        }
                    }
                });
                t.setDaemon(true);
                t.start();
                clients.add(t);
            }
            List<Long> before = collect(acquireNanos, 1500, manager);
            PoolDecision grow = manager.optimizePool();
            assertThat(grow.workload()).isEqualTo(Workload.PEAK);
            assertThat(grow.applied().maximum()).isGreaterThan(5).isLessThanOrEqualTo(grow.serverLimit());
            assertThat(flow.poolStats().maximum()).isEqualTo(grow.applied().maximum());
            collect(acquireNanos, 500, null); // let the new connections open
            List<Long> after = collect(acquireNanos, 1500, manager);
            volatile_stop[0] = true;
            for (Thread t : clients) t.join();
            long p99Before = p99(before);
            long p99After = p99(after);
            System.out.printf("p99 acquisition: pool 5 %.1f ms, pool %d %.1f ms; %s%n", p99Before / 1e6,
                    grow.applied().maximum(), p99After / 1e6, grow.reason());
            assertThat(p99After).isLessThan(p99Before);

            // Load stopped: the clock still says Monday 10:00 (peak), the measurement says quiet and wins.
            List<Integer> sizes = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                manager.sample();
                PoolDecision d = manager.optimizePool();
                sizes.add(d.applied().maximum());
                if (i >= 3) {
                    assertThat(d.byClock()).isEqualTo(Workload.PEAK);
                    assertThat(d.measured()).isEqualTo(Workload.MAINTENANCE);
                    assertThat(d.reason()).contains("overriding the clock's peak");
                }
            }
            System.out.println("shrinking: " + sizes);
            assertThat(sizes.get(sizes.size() - 1)).isLessThan(grow.applied().maximum());
            for (int i = 1; i < sizes.size(); i++) assertThat(sizes.get(i)).isLessThanOrEqualTo(sizes.get(i - 1));
            // Gradual: no single step drops more than a quarter.
            assertThat(sizes.get(3)).isGreaterThanOrEqualTo(grow.applied().maximum() * 3 / 4 * 3 / 4 * 3 / 4 - 1);
            assertThat(errors.get()).isZero();
            assertThat(flow.poolStats().connectionTimeouts()).isZero();
        }
    }

    static final boolean[] volatile_stop = {false};

    /** Waits until n acquisitions were timed, sampling the manager meanwhile; returns them. */
    static List<Long> collect(AtomicReference<ConcurrentLinkedQueue<Long>> into, int n, AdaptivePoolManager manager) throws InterruptedException {
        ConcurrentLinkedQueue<Long> fresh = new ConcurrentLinkedQueue<>();
        into.set(fresh);
        while (fresh.size() < n) {
            Thread.sleep(50);
            if (manager != null) manager.sample();
        }
        return new ArrayList<>(fresh);
    }

    static long p99(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.max(0, (int) Math.ceil(sorted.size() * 0.99) - 1));
    }

    @Test
    void withoutMeasurementsTheGuidesClockRuleDecidesAndItsConfigIsClampedToTheServer() {
        try (DataFlow flow = open(MONDAY_10)) {
            AdaptivePoolManager manager = new AdaptivePoolManager(flow);
            assertThat(manager.analyzeWorkload()).isEqualTo(Workload.PEAK);
            PoolDecision d = manager.optimizePool();
            assertThat(d.measured()).isNull();
            assertThat(d.workload()).isEqualTo(Workload.PEAK);
            assertThat(d.target().maximum()).isLessThanOrEqualTo(d.serverLimit()).isLessThan(150);
            assertThat(d.reason()).contains("by the clock").contains("guide's peak config (100+50) exceeds the server limit");
            assertThat(flow.poolStats().maximum()).isEqualTo(d.applied().maximum());
        }
        try (DataFlow flow = open(SUNDAY_03)) {
            assertThat(new AdaptivePoolManager(flow).analyzeWorkload()).isEqualTo(Workload.MAINTENANCE);
        }
    }

    @Test
    void aPoolConfigurationAboveTheServerLimitIsRefusedAndNothingChanges() {
        try (DataFlow flow = open(MONDAY_10)) {
            int limit = flow.capabilities().connectionLimit();
            assertThatThrownBy(() -> PoolProfiles.of(Map.of(Workload.PEAK, new PoolSettings(limit, 1, 10),
                    Workload.NORMAL, new PoolSettings(5, 0, 30), Workload.MAINTENANCE, new PoolSettings(2, 0, 60)), limit))
                    .isInstanceOf(ConfigException.class).hasMessageContaining("peak").hasMessageContaining("exceeds the server limit");
            assertThatThrownBy(() -> flow.reconfigurePool(limit, 1, 10))
                    .isInstanceOf(ConfigException.class).hasMessageContaining("max_connections");
            assertThat(flow.poolStats().maximum()).isEqualTo(5);
        }
    }
}
