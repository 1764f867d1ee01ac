package io.dataflow.bench;

import io.dataflow.DataFlow;
import io.dataflow.cache.CacheRule;
import io.dataflow.cache.QueryResult;
import io.dataflow.connect.ConnectionUrl;
import io.dataflow.spi.EmbeddedSettings;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cache-hit latency, side by side in one run: {@code db.query} answered from Redis (msgpack+lz4) and
 * from the memory backend; a raw Lettuce GET of the very bytes that entry holds (the floor: one round
 * trip, no decoding); and the same guide dashboard aggregate run on PostgreSQL without the cache.
 * Redis at REDIS_URL (default redis://127.0.0.1:6379); an embedded PostgreSQL with 200,000 orders.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class CacheBenchmark {

    /** The guide's dashboard shape (matched by its ".*GROUP BY.*DATE.*" rule): a day-by-day aggregate of the last 30 days. */
    static final String DASHBOARD = """
            SELECT DATE(created_at) AS day, count(*) AS orders, sum(total) AS revenue, avg(total) AS average
            FROM orders WHERE created_at >= TIMESTAMPTZ '2026-11-27' - INTERVAL '30 days'
            GROUP BY DATE(created_at) ORDER BY day""";

    DataFlow plain;
    DataFlow redisCached;
    DataFlow memoryCached;
    RedisClient client;
    StatefulRedisConnection<String, byte[]> raw;
    RedisCommands<String, byte[]> sync;
    String key;

    @Setup(Level.Trial)
    public void setUp() {
        plain = DataFlow.configure().environment(n -> null).embedded(EmbeddedSettings.throwAway()).pool(2, 2, 30).open();
        plain.execute("""
                CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint, product_id int, status text, total numeric(10,2), created_at timestamptz);
                INSERT INTO orders SELECT g, g % 5000, g % 700, CASE WHEN g % 3 = 0 THEN 'completed' ELSE 'pending' END,
                       (g % 1000) / 10.0, TIMESTAMPTZ '2026-11-27' - (g % 90) * INTERVAL '1 day' - (g % 86400) * INTERVAL '1 second'
                FROM generate_series(1, 200000) g;
                ANALYZE orders""");
        ConnectionUrl url = plain.connectionUrl().orElseThrow();
        String address = url.jdbcUrl() + (url.jdbcUrl().contains("?") ? "&" : "?") + "user=" + url.user();
        String redisUrl = System.getenv().getOrDefault("REDIS_URL", "redis://127.0.0.1:6379");
        List<CacheRule> rules = CacheRule.parseAll(List.of(Map.of("pattern", ".*GROUP BY.*DATE.*", "ttl", 86400)), "bench");
        redisCached = DataFlow.configure().url(address).pool(2, 2, 30)
                .cache(Map.of("backend", "redis", "redis_url", redisUrl, "namespace", "dataflow:bench", "timeout_ms", 1000)).open();
        redisCached.cache().rules(rules);
        memoryCached = DataFlow.configure().url(address).pool(2, 2, 30).cache(Map.of("backend", "memory")).open();
        memoryCached.cache().rules(rules);
        QueryResult first = redisCached.query(DASHBOARD);
        memoryCached.query(DASHBOARD);
        // On a loaded machine the first Redis connect may time out: the cache then resumes by itself.
        for (int i = 0; i < 100 && !(redisCached.query(DASHBOARD).cached() && memoryCached.query(DASHBOARD).cached()); i++) sleep(100);
        if (!redisCached.query(DASHBOARD).cached() || !memoryCached.query(DASHBOARD).cached()) {
            throw new IllegalStateException("the dashboard query is not cached as expected: " + redisCached.cacheStats());
        }
        key = redisCached.cache().keyOf(DASHBOARD, Map.of()).orElseThrow();
        client = RedisClient.create(redisUrl);
        raw = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
        sync = raw.sync();
        byte[] bytes = sync.get(key);
        System.out.printf("%n[setup] dashboard: %d rows, Redis entry %d bytes%n", first.size(), bytes.length);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        raw.close();
        client.shutdown();
        System.out.printf("%n[teardown] redis stats: %s%n", redisCached.cacheStats().total());
        redisCached.close();
        memoryCached.close();
        plain.close();
    }

    @Benchmark
    public byte[] rawLettuceGet() {
        return sync.get(key);
    }

    @Benchmark
    public QueryResult cacheHitRedis() {
        return redisCached.query(DASHBOARD);
    }

    @Benchmark
    public QueryResult cacheHitMemory() {
        return memoryCached.query(DASHBOARD);
    }

    @Benchmark
    public QueryResult uncachedDashboard() {
        return plain.query(DASHBOARD);
    }
}
