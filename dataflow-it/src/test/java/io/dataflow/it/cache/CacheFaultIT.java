package io.dataflow.it.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.DataFlow;
import io.dataflow.cache.CacheRule;
import io.dataflow.cache.QueryResult;
import io.dataflow.it.ServerTest;
import io.dataflow.it.TestServers;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** Redis down, slow, restarted, or holding garbage: every query is still answered, and caching comes back. */
@ParameterizedClass
@MethodSource("io.dataflow.it.TestServers#servers")
class CacheFaultIT extends ServerTest {

    CacheFaultIT(TestServers.Server server) {
        super(server);
    }

    private DataFlow open(String redisUrl) {
        DataFlow flow = DataFlow.configure().url(db.url()).pool(1, 3, 10).cache(Map.of("backend", "redis", "redis_url", redisUrl,
                "namespace", "dftest:fault", "timeout_ms", 300, "failure_log_interval_seconds", 60)).open();
        flow.cache().rules(CacheRule.parseAll(List.of(Map.of("pattern", "SELECT.*", "ttl", 3600)), "test"));
        db.execute("CREATE TABLE items (id int PRIMARY KEY, name text); INSERT INTO items VALUES (1, 'a')");
        return flow;
    }

    @Test
    void redisStoppedMidTestThenRestarted() throws Exception {
        try (TestRedis.Own redis = new TestRedis.Own(); DataFlow flow = open(redis.url())) {
            String sql = "SELECT name FROM items WHERE id = :id";
            flow.query(sql, Map.of("id", 1));
            assertThat(flow.query(sql, Map.of("id", 1)).cached()).isTrue();

            redis.stop();
            for (int i = 0; i < 20; i++) {
                QueryResult r = flow.query(sql, Map.of("id", 1));
                assertThat(r.cached()).isFalse();
                assertThat(r.rows().get(0).get("name")).isEqualTo(i == 0 ? "a" : "b");
                if (i == 0) flow.execute("UPDATE items SET name = 'b' WHERE id = 1"); // its invalidation waits for Redis
            }
            assertThat(flow.cache().failures()).isPositive();
            assertThat(flow.cacheStats().available()).isFalse();

            redis.start(); // empty: a restarted Redis without persistence
            long hitsBefore = flow.cacheStats().total().hits();
            QueryResult after = null;
            for (int i = 0; i < 200 && (after == null || !after.cached()); i++) {
                after = flow.query(sql, Map.of("id", 1));
                assertThat(after.rows().get(0).get("name")).isEqualTo("b");
                if (!after.cached()) Thread.sleep(50);
            }
            assertThat(after.cached()).as("hits resume once Redis answers").isTrue();
            assertThat(flow.cacheStats().total().hits()).isGreaterThan(hitsBefore);
            assertThat(flow.cacheStats().available()).isTrue();
        }
    }

    @Test
    void aSlowRedisSendsQueriesToTheDatabase() throws Exception {
        try (TestRedis.Own redis = new TestRedis.Own(); DataFlow flow = open(redis.url())) {
            String sql = "SELECT name FROM items";
            flow.query(sql);
            assertThat(flow.query(sql).cached()).isTrue();
            Process freeze = redis.freeze(1.5);
            Thread.sleep(200); // let DEBUG SLEEP take hold
            QueryResult slow = flow.query(sql);
            assertThat(slow.cached()).isFalse();
            assertThat(slow.rows()).hasSize(1);
            assertThat(flow.cache().failures()).isPositive();
            freeze.waitFor();
            QueryResult back = null;
            for (int i = 0; i < 200 && (back == null || !back.cached()); i++) {
                back = flow.query(sql);
                if (!back.cached()) Thread.sleep(50);
            }
            assertThat(back.cached()).isTrue();
        }
    }

    @Test
    void aCorruptEntryIsAMissAndIsDeleted() throws Exception {
        try (TestRedis.Own redis = new TestRedis.Own(); DataFlow flow = open(redis.url());
             RedisClient client = RedisClient.create(redis.url()); StatefulRedisConnection<String, String> raw = client.connect()) {
            String sql = "SELECT name FROM items";
            flow.query(sql);
            String key = flow.cache().keyOf(sql, Map.of()).orElseThrow();
            assertThat(raw.sync().exists(key)).isEqualTo(1);
            raw.sync().set(key, "garbage");
            QueryResult r = flow.query(sql);
            assertThat(r.cached()).isFalse();
            assertThat(r.rows().get(0).get("name")).isEqualTo("a");
            assertThat(flow.cacheStats().total().errors()).isEqualTo(1);
            assertThat(flow.query(sql).cached()).isTrue(); // re-stored after the delete
        }
    }

    @Test
    void onStandaloneRedisAWriteDeletesTheEntriesItInvalidates() throws Exception {
        try (TestRedis.Own redis = new TestRedis.Own(); DataFlow flow = open(redis.url());
             RedisClient client = RedisClient.create(redis.url()); StatefulRedisConnection<String, String> raw = client.connect()) {
            String sql = "SELECT name FROM items WHERE id = :id";
            flow.query(sql, Map.of("id", 1));
            String key = flow.cache().keyOf(sql, Map.of("id", 1)).orElseThrow();
            assertThat(raw.sync().exists(key)).isEqualTo(1);
            List<String> indexes = raw.sync().keys("dftest:fault:*:i:*");
            assertThat(indexes).as("the entry is indexed under the counters it depends on").isNotEmpty();
            for (String index : indexes) assertThat(raw.sync().zrange(index, 0, -1)).containsExactly(key);

            flow.execute("UPDATE items SET name = 'b' WHERE id = 1");
            assertThat(raw.sync().exists(key)).as("deleted by the write, not only outdated").isZero();
            assertThat(raw.sync().keys("dftest:fault:*:i:*")).isEmpty();

            QueryResult reloaded = flow.query(sql, Map.of("id", 1));
            assertThat(reloaded.cached()).isFalse();
            assertThat(reloaded.rows().get(0).get("name")).isEqualTo("b");
            QueryResult hit = flow.query(sql, Map.of("id", 1));
            assertThat(hit.cached()).isTrue();
            assertThat(hit.rows().get(0).get("name")).isEqualTo("b");

            // More entries than one drain batch (500): the write unlinks them over several short scripts
            for (int id = 2; id <= 1_201; id++) flow.query(sql, Map.of("id", id));
            assertThat(raw.sync().keys("dftest:fault:*:q:*")).hasSize(1_201);
            flow.execute("UPDATE items SET name = 'c' WHERE id = 1");
            assertThat(raw.sync().keys("dftest:fault:*:q:*")).isEmpty();
            assertThat(raw.sync().keys("dftest:fault:*:i:*")).isEmpty();
            assertThat(flow.query(sql, Map.of("id", 1)).rows().get(0).get("name")).isEqualTo("c");
        }
    }

    @Test
    void whenRedisMayEvictAnyKeyAnEvictedIndexNeverYieldsAStaleHit() throws Exception {
        try (TestRedis.Own redis = new TestRedis.Own();
             RedisClient client = RedisClient.create(redis.url()); StatefulRedisConnection<String, String> raw = client.connect()) {
            raw.sync().configSet("maxmemory-policy", "allkeys-lru");
            try (DataFlow flow = open(redis.url())) {
                String sql = "SELECT name FROM items WHERE id = :id";
                flow.query(sql, Map.of("id", 1));
                assertThat(flow.query(sql, Map.of("id", 1)).cached()).isTrue();
                String key = flow.cache().keyOf(sql, Map.of("id", 1)).orElseThrow();
                for (String index : raw.sync().keys("dftest:fault:*:i:*")) raw.sync().del(index); // as an allkeys eviction could

                flow.execute("UPDATE items SET name = 'b' WHERE id = 1");
                assertThat(raw.sync().exists(key)).as("the write could not find the entry").isEqualTo(1);
                QueryResult after = flow.query(sql, Map.of("id", 1));
                assertThat(after.cached()).as("its stamps are checked, so it is not served").isFalse();
                assertThat(after.rows().get(0).get("name")).isEqualTo("b");
                assertThat(flow.query(sql, Map.of("id", 1)).cached()).isTrue();
            }
        }
    }
}
