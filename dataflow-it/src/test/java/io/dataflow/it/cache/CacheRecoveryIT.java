package io.dataflow.it.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.DataFlow;
import io.dataflow.cache.CacheRule;
import io.dataflow.cache.QueryResult;
import io.dataflow.it.ServerTest;
import io.dataflow.it.TestServers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The probe of a cache that never came back: a Redis (standalone, or a Cluster) of the test's
 * own frozen with SIGSTOP, killed and restarted, or cut off by a stalled network for 3 s while one
 * thread keeps writing and reading. Every read must return the value last committed (0 stale reads),
 * and after the fault ends hits must resume within the bound docs/caching.md states.
 */
@ParameterizedClass
@MethodSource("io.dataflow.it.TestServers#servers")
class CacheRecoveryIT extends ServerTest {

    /** docs/caching.md: hits resume within 2 s of the fault's end (timeout_ms up to 300). */
    static final Duration BOUND = Duration.ofSeconds(2);
    static final Duration FAULT = Duration.ofSeconds(3);
    static final String READ = "SELECT n FROM tally WHERE id = 1";
    static final String WRITE = "UPDATE tally SET n = n + 1 WHERE id = 1";

    CacheRecoveryIT(TestServers.Server server) {
        super(server);
    }

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({"freeze, standalone", "kill, standalone", "stall, standalone", "freeze, cluster", "kill, cluster", "stall, cluster"})
    void hitsResumeWithinTheBoundAndNoReadIsStale(String fault, String topology) throws Exception {
        boolean cluster = topology.equals("cluster");
        db.execute("CREATE TABLE tally (id int PRIMARY KEY, n bigint NOT NULL); INSERT INTO tally VALUES (1, 0)");
        try (PrivateRedis redis = new PrivateRedis(cluster);
             DataFlow flow = DataFlow.configure().url(db.url()).pool(1, 3, 10).cache(Map.of("backend", "redis",
                     "redis_url", cluster ? redis.urls() : redis.urls().get(0), "redis_cluster", cluster, "namespace", "dftest:recovery",
                     "timeout_ms", 300, "failure_log_interval_seconds", 60)).open()) {
            flow.cache().rules(CacheRule.parseAll(List.of(Map.of("pattern", "SELECT.*", "ttl", 3600)), "test"));
            long expected = 0;
            int stale = 0;
            int reads = 0;
            // a write before the fault, as in an application: Redis then knows the write scripts (EVALSHA), so a
            // write sent during the fault is run by Redis when it resumes and its mark is set
            flow.execute(WRITE, Map.of());
            expected++;
            flow.query(READ);
            assertThat(awaitHit(flow, expected, Duration.ofSeconds(10))).as("hits before the fault").isNotNull();

            switch (fault) {
                case "freeze" -> redis.freeze();
                case "kill" -> redis.kill();
                default -> redis.stall();
            }
            long until = System.nanoTime() + FAULT.toNanos();
            for (int i = 0; System.nanoTime() < until; i++) {
                if (i % 3 == 0) {
                    flow.execute(WRITE, Map.of());
                    expected++;
                }
                if (value(flow.query(READ)) != expected) stale++;
                reads++;
                Thread.sleep(10);
            }
            switch (fault) {
                case "freeze" -> redis.thaw();
                case "kill" -> redis.restart();
                default -> redis.resume();
            }
            long ended = System.nanoTime();
            flow.execute(WRITE, Map.of()); // a write right after the fault: it too must leave nothing behind
            expected++;
            Duration toHit = null;
            long give = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < give) {
                QueryResult r = flow.query(READ);
                reads++;
                if (value(r) != expected) stale++;
                if (r.cached()) {
                    toHit = Duration.ofNanos(System.nanoTime() - ended);
                    break;
                }
                Thread.sleep(10);
            }
            System.out.println("cache recovery, " + fault + " on " + topology + ": first hit " + toHit + " after the fault ended, "
                    + reads + " reads, " + stale + " stale, " + expected + " writes");
            assertThat(stale).as("stale reads").isZero();
            assertThat(toHit).as("hits resume after the fault ends").isNotNull();
            // The bound is documented as 2 s; a shared CI machine gets 3x slack (the bug this catches took 60 s).
            assertThat(toHit).as("within the documented bound, with slack for a loaded machine").isLessThanOrEqualTo(BOUND.multipliedBy(3));
            // and keep coming, still current
            for (int i = 0; i < 20; i++) {
                QueryResult r = flow.query(READ);
                assertThat(value(r)).isEqualTo(expected);
                assertThat(r.cached()).isTrue();
            }
            flow.execute(WRITE, Map.of());
            assertThat(value(flow.query(READ))).isEqualTo(expected + 1);
        }
    }

    private static long value(QueryResult r) {
        return ((Number) r.rows().get(0).get("n")).longValue();
    }

    /** Reads until a hit (checking each value) or the time is up; the hit or null. */
    private static QueryResult awaitHit(DataFlow flow, long expected, Duration within) throws InterruptedException {
        long until = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < until) {
            QueryResult r = flow.query(READ);
            assertThat(value(r)).isEqualTo(expected);
            if (r.cached()) return r;
            Thread.sleep(20);
        }
        return null;
    }
}
