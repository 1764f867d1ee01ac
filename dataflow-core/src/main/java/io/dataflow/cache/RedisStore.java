package io.dataflow.cache;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code backend: redis}, standalone or Redis Cluster, through Lettuce. Keys:
 * {@code <ns>:q:<hash>} for entries, {@code <ns>:g:{counter}} for a generation and
 * {@code <ns>:w:{counter}} for the writes under way (a sorted set of write ids by deadline, so a
 * write whose process died stops counting). Both keys of a counter share a hash tag, so the Lua
 * scripts that read or change them run on one cluster node, atomically.
 *
 * <p>On standalone Redis writes also delete the entries they invalidate (indexed per counter in
 * {@code <ns>:i:{counter}}), so a hit is a plain GET. On a Cluster, where an entry and its counters
 * live on different nodes, a lookup reads the entry and the counters' states and the entry's stamps
 * are compared with them.
 *
 * <p>Commands are rejected at once while disconnected (no queueing behind a dead server) and each
 * wait is bounded by the configured timeout; Lettuce reconnects in the background.
 */
final class RedisStore implements CacheStore {

    /** Entries unlinked per index per script call while a write drains what it invalidates. */
    private static final int DRAIN_BATCH = 500;

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(QueryCache.class);

    private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    /** KEYS: gen, writes. ARGV: now. The generation, or -1 while a write is under way. */
    private static final Script SNAPSHOT = new Script(
            "if redis.call('ZCOUNT', KEYS[2], ARGV[1], '+inf') > 0 then return -1 end "
            + "return tonumber(redis.call('GET', KEYS[1]) or '0')");
    /*
     * Standalone Redis (every key on one server) deletes what a write invalidates, so a hit is one plain
     * GET: a write's begin marks the write under way and then deletes the entries indexed under its
     * counters, its end bumps the generations and deletes again, and an entry is stored (in the same script as the
     * check) only while no write is under way and the generations still equal what the query saw before
     * it ran. So an entry present at a GET was stored after the last write that ended, by a query that
     * started after that write committed. Index of a counter: <ns>:i:{counter}, entry keys by expiry.
     * The deletes run in batches of DRAIN_BATCH, one short script each, so invalidating a large index
     * never blocks Redis for long; stores are refused meanwhile, so the index only shrinks.
     */
    /** KEYS: gen and writes per counter. ARGV: now. Every counter's state. */
    private static final Script SNAPSHOT_ALL = new Script(
            "local out = {} for i = 1, #KEYS, 2 do "
            + "if redis.call('ZCOUNT', KEYS[i + 1], ARGV[1], '+inf') > 0 then out[#out + 1] = -1 "
            + "else out[#out + 1] = tonumber(redis.call('GET', KEYS[i]) or '0') end end "
            + "return out");
    /** KEYS: entry, then gen, writes, index per counter. ARGV: value, ttl ms, now, then the expected states. */
    private static final Script STORE_IF_CURRENT = new Script(
            "local n = (#KEYS - 1) / 3 "
            + "for i = 1, n do "
            + "if redis.call('ZCOUNT', KEYS[3 * i], ARGV[3], '+inf') > 0 then return 0 end "
            + "if tonumber(redis.call('GET', KEYS[3 * i - 1]) or '0') ~= tonumber(ARGV[3 + i]) then return 0 end end "
            + "redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) "
            + "local expires = tonumber(ARGV[3]) + tonumber(ARGV[2]) "
            + "for i = 1, n do local idx = KEYS[3 * i + 1] "
            + "redis.call('ZREMRANGEBYSCORE', idx, '-inf', '(' .. ARGV[3]) "
            + "redis.call('ZADD', idx, expires, KEYS[1]) end "
            + "return 1");
    /**
     * Unlinks up to {@link #DRAIN_BATCH} entries per index and returns how many are left in all: the
     * caller repeats until none are, so a large index never blocks Redis in one long script (and no
     * entry is added meanwhile: stores are refused while the write is marked under way).
     */
    private static final String DRAIN =
            "local function drain(from) local left = 0 for i = from, #KEYS, 3 do local idx = KEYS[i] "
            + "local m = redis.call('ZRANGE', idx, 0, " + (DRAIN_BATCH - 1) + ") "
            + "if #m > 0 then redis.call('UNLINK', unpack(m)) redis.call('ZREM', idx, unpack(m)) end "
            + "left = left + redis.call('ZCARD', idx) end return left end ";
    /** KEYS: gen, writes, index per counter. ARGV: id, deadline, now. Marks the write under way; entries left to drain. */
    private static final Script BEGIN_DROPPING = new Script(DRAIN
            + "for i = 2, #KEYS, 3 do "
            + "redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', '(' .. ARGV[3]) "
            + "redis.call('ZADD', KEYS[i], ARGV[2], ARGV[1]) end return drain(3)");
    /** KEYS: gen, writes, index per counter. ARGV: id. Bumps and ends the write; entries left to drain. */
    private static final Script END_DROPPING = new Script(DRAIN
            + "for i = 1, #KEYS, 3 do "
            + "redis.call('INCR', KEYS[i]) redis.call('ZREM', KEYS[i + 1], ARGV[1]) end return drain(3)");
    /** KEYS: gen, writes, index per counter. Entries left after one more batch. */
    private static final Script DRAIN_MORE = new Script(DRAIN + "return drain(3)");
    /** KEYS: writes. ARGV: id, deadline, now. */
    private static final Script BEGIN = new Script(
            "redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[3]) "
            + "redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1]) return 1");
    /** KEYS: gen, writes. ARGV: id. */
    private static final Script END = new Script(
            "local g = redis.call('INCR', KEYS[1]) redis.call('ZREM', KEYS[2], ARGV[1]) return g");

    private record Script(String text, String sha) {
        Script(String text) {
            this(text, sha1(text));
        }
    }

    private final CacheConfig config;
    private final long timeoutMs;
    private final String channel;
    private final List<Consumer<List<String>>> listeners = new CopyOnWriteArrayList<>();
    private final String self = java.util.UUID.randomUUID().toString();
    /** The longest pause between two reconnect attempts. */
    static final Duration RECONNECT_AT_MOST = Duration.ofSeconds(1);

    private final ClientResources resources;
    private RedisClient client;
    private RedisClusterClient clusterClient;
    private volatile StatefulConnection<String, byte[]> connection;
    private volatile RedisClusterAsyncCommands<String, byte[]> async;
    private StatefulRedisPubSubConnection<String, byte[]> pubSub;
    private volatile long nextAttempt;
    /**
     * Standalone Redis whose eviction policy never drops an index (no TTL on it, so only noeviction and
     * volatile-* qualify): a hit is then a plain GET. Under allkeys-* an evicted index would leave
     * entries a write cannot find, so hits check the counters, as on a Cluster.
     */
    private volatile boolean plainHits;

    RedisStore(CacheConfig config) {
        this.config = config;
        this.timeoutMs = config.timeout().toMillis();
        this.channel = config.key("invalidations");
        List<RedisURI> uris = config.redisUrls().stream().map(u -> {
            RedisURI uri = RedisURI.create(u);
            uri.setTimeout(config.timeout());
            return uri;
        }).toList();
        SocketOptions socket = SocketOptions.builder().connectTimeout(Duration.ofMillis(Math.max(1000, timeoutMs))).build();
        TimeoutOptions timeouts = TimeoutOptions.enabled(config.timeout());
        // Reconnect attempts at most a second apart (Lettuce's default backs off up to 30 s), so a Redis that
        // comes back is found within a second: part of the recovery bound stated in docs/caching.md.
        resources = DefaultClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(10), RECONNECT_AT_MOST, 2, TimeUnit.MILLISECONDS)).build();
        if (config.cluster()) {
            clusterClient = RedisClusterClient.create(resources, uris);
            // Cluster node connections open on first use: rejecting while "disconnected" would fail those
            // first commands, so they queue, bounded by the timeout like every other wait.
            clusterClient.setOptions(ClusterClientOptions.builder()
                    .requestQueueSize(10_000)
                    .socketOptions(socket).timeoutOptions(timeouts)
                    .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                            .enableAllAdaptiveRefreshTriggers().enablePeriodicRefresh(Duration.ofSeconds(30)).build())
                    .build());
        } else {
            client = RedisClient.create(resources, uris.get(0));
            client.setOptions(ClientOptions.builder()
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .socketOptions(socket).timeoutOptions(timeouts).build());
        }
        try {
            connect();
        } catch (CacheUnavailableException e) {
            // Started while Redis is away: queries go to the database until it answers.
        }
    }

    /** Connects (first use, or after a failed first connect); at most one attempt a second. */
    private RedisClusterAsyncCommands<String, byte[]> commands() {
        RedisClusterAsyncCommands<String, byte[]> a = async;
        if (a != null) return a;
        return connect();
    }

    private synchronized RedisClusterAsyncCommands<String, byte[]> connect() {
        if (async != null) return async;
        long now = System.currentTimeMillis();
        if (now < nextAttempt) throw new CacheUnavailableException("Redis is not connected", null);
        nextAttempt = now + 1000;
        try {
            if (clusterClient != null) {
                var c = clusterClient.connect(CODEC);
                connection = c;
                async = c.async();
                pubSub = clusterClient.connectPubSub(CODEC);
            } else {
                var c = client.connect(CODEC);
                connection = c;
                plainHits = indexesSurviveEviction(c.async());
                async = c.async();
                pubSub = client.connectPubSub(CODEC);
            }
            pubSub.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String ch, byte[] message) {
                    deliver(message);
                }
            });
            pubSub.sync().subscribe(channel);
            return async;
        } catch (RuntimeException e) {
            throw new CacheUnavailableException("cannot connect to Redis " + config.redisUrls() + ": " + e.getMessage(), e);
        }
    }

    private boolean indexesSurviveEviction(RedisClusterAsyncCommands<String, byte[]> a) {
        String policy;
        try {
            policy = await(a.configGet("maxmemory-policy"), deadline(), null).get("maxmemory-policy");
        } catch (CacheUnavailableException e) {
            policy = null;
        }
        if (policy != null && !policy.startsWith("allkeys")) return true;
        LOG.warn("Redis maxmemory-policy is {}: cache hits check the generation counters too (one more command each), because"
                + " an evicted index would let an invalidated entry survive a write; noeviction or a volatile-* policy makes a hit one GET",
                policy == null ? "unknown (CONFIG GET refused)" : policy);
        return false;
    }

    private void deliver(byte[] message) {
        String text = new String(message, StandardCharsets.UTF_8);
        int nl = text.indexOf('\n');
        if (nl < 0 || text.substring(0, nl).equals(self)) return; // our own bumps were applied already
        List<String> counters = List.of(text.substring(nl + 1).split("\n"));
        for (Consumer<List<String>> l : listeners) l.accept(counters);
    }

    @Override
    public void onRemoteBump(Consumer<List<String>> listener) {
        listeners.add(listener);
    }

    @Override
    public Lookup lookup(String key, List<String> counters) {
        RedisClusterAsyncCommands<String, byte[]> a = commands();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        if (clusterClient == null && plainHits) return new Lookup(await(a.get(key), deadline, null), null); // a hit: one GET
        RedisFuture<byte[]> entry = a.get(key);
        List<RedisFuture<Long>> states = snapshotFutures(a, counters);
        byte[] bytes = await(entry, deadline, null);
        return new Lookup(bytes, states(a, counters, states, deadline));
    }

    @Override
    public long[] snapshot(List<String> counters) {
        RedisClusterAsyncCommands<String, byte[]> a = commands();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        if (clusterClient == null) {
            String[] keys = new String[2 * counters.size()];
            for (int i = 0; i < counters.size(); i++) {
                keys[2 * i] = gen(counters.get(i));
                keys[2 * i + 1] = writes(counters.get(i));
            }
            List<Object> out = run(a, SNAPSHOT_ALL, ScriptOutputType.MULTI, keys, deadline, now());
            long[] states = new long[counters.size()];
            for (int i = 0; i < states.length; i++) states[i] = ((Number) out.get(i)).longValue();
            return states;
        }
        return states(a, counters, snapshotFutures(a, counters), deadline);
    }

    @Override
    public boolean putIfCurrent(String key, byte[] value, Duration ttl, List<String> counters, long[] states) {
        if (clusterClient != null) return CacheStore.super.putIfCurrent(key, value, ttl, counters, states);
        String[] keys = new String[1 + 3 * counters.size()];
        keys[0] = key;
        byte[][] args = new byte[3 + states.length][];
        args[0] = value;
        args[1] = bytes(Long.toString(Math.max(1, ttl.toMillis())));
        args[2] = now();
        for (int i = 0; i < counters.size(); i++) {
            keys[1 + 3 * i] = gen(counters.get(i));
            keys[2 + 3 * i] = writes(counters.get(i));
            keys[3 + 3 * i] = index(counters.get(i));
            args[3 + i] = bytes(Long.toString(states[i]));
        }
        Long stored = run(commands(), STORE_IF_CURRENT, ScriptOutputType.INTEGER, keys, deadline(), args);
        return stored != null && stored == 1;
    }

    /** gen, writes and index key of each counter, in that order. */
    private String[] counterKeys(List<String> counters) {
        String[] keys = new String[3 * counters.size()];
        for (int i = 0; i < counters.size(); i++) {
            keys[3 * i] = gen(counters.get(i));
            keys[3 * i + 1] = writes(counters.get(i));
            keys[3 * i + 2] = index(counters.get(i));
        }
        return keys;
    }

    /** Repeats the drain, one short script per batch, until the indexes are empty. */
    private void drain(RedisClusterAsyncCommands<String, byte[]> a, String[] keys, Long left) {
        while (left != null && left > 0) left = run(a, DRAIN_MORE, ScriptOutputType.INTEGER, keys, deadline());
    }

    /** Runs a script by its SHA, sending its text when Redis does not know it (first use, after a restart). */
    private <T> T run(RedisClusterAsyncCommands<String, byte[]> a, Script script, ScriptOutputType type, String[] keys, long deadline, byte[]... args) {
        return await(a.evalsha(script.sha(), type, keys, args), deadline, () -> a.eval(script.text(), type, keys, args));
    }

    private static byte[] now() {
        return bytes(Long.toString(System.currentTimeMillis()));
    }

    private List<RedisFuture<Long>> snapshotFutures(RedisClusterAsyncCommands<String, byte[]> a, List<String> counters) {
        byte[] now = bytes(Long.toString(System.currentTimeMillis()));
        List<RedisFuture<Long>> out = new ArrayList<>(counters.size());
        for (String c : counters) out.add(a.evalsha(SNAPSHOT.sha(), ScriptOutputType.INTEGER, new String[] {gen(c), writes(c)}, now));
        return out;
    }

    private long[] states(RedisClusterAsyncCommands<String, byte[]> a, List<String> counters, List<RedisFuture<Long>> futures, long deadline) {
        long[] out = new long[counters.size()];
        byte[] now = bytes(Long.toString(System.currentTimeMillis()));
        for (int i = 0; i < out.length; i++) {
            String c = counters.get(i);
            Long v = await(futures.get(i), deadline,
                    () -> a.eval(SNAPSHOT.text(), ScriptOutputType.INTEGER, new String[] {gen(c), writes(c)}, now));
            out[i] = v == null ? 0 : v;
        }
        return out;
    }

    @Override
    public void put(String key, byte[] value, Duration ttl) {
        RedisClusterAsyncCommands<String, byte[]> a = commands();
        await(a.set(key, value, SetArgs.Builder.px(Math.max(1, ttl.toMillis()))), deadline(), null);
    }

    @Override
    public void delete(String key) {
        await(commands().del(key), deadline(), null);
    }

    @Override
    public void beginWrite(List<String> counters, String writeId, long deadlineMillis) {
        RedisClusterAsyncCommands<String, byte[]> a = commands();
        long deadline = deadline();
        byte[][] args = {bytes(writeId), bytes(Long.toString(deadlineMillis)), now()};
        if (clusterClient == null) {
            String[] keys = counterKeys(counters);
            drain(a, keys, run(a, BEGIN_DROPPING, ScriptOutputType.INTEGER, keys, deadline, args));
            return;
        }
        List<RedisFuture<Long>> futures = new ArrayList<>();
        for (String c : counters) futures.add(a.evalsha(BEGIN.sha(), ScriptOutputType.INTEGER, new String[] {writes(c)}, args));
        for (int i = 0; i < futures.size(); i++) {
            String c = counters.get(i);
            await(futures.get(i), deadline, () -> a.eval(BEGIN.text(), ScriptOutputType.INTEGER, new String[] {writes(c)}, args));
        }
    }

    @Override
    public void endWrite(List<String> counters, String writeId) {
        RedisClusterAsyncCommands<String, byte[]> a = commands();
        long deadline = deadline();
        byte[] id = bytes(writeId);
        if (clusterClient == null) {
            String[] keys = counterKeys(counters);
            drain(a, keys, run(a, END_DROPPING, ScriptOutputType.INTEGER, keys, deadline, id));
        } else {
            List<RedisFuture<Long>> futures = new ArrayList<>();
            for (String c : counters) futures.add(a.evalsha(END.sha(), ScriptOutputType.INTEGER, new String[] {gen(c), writes(c)}, id));
            for (int i = 0; i < futures.size(); i++) {
                String c = counters.get(i);
                await(futures.get(i), deadline, () -> a.eval(END.text(), ScriptOutputType.INTEGER, new String[] {gen(c), writes(c)}, id));
            }
        }
        try {
            a.publish(channel, bytes(self + "\n" + String.join("\n", counters)));
        } catch (RuntimeException e) {
            // Other instances' near tiers miss one message; their entries still fail the generation check.
        }
    }

    @Override
    public long entryCount() {
        return -1; // counting means a SCAN of the namespace: countEntries() does it when asked
    }

    /** Counted with SCAN (every node of a cluster), not KEYS: a busy Redis is never blocked for it. */
    @Override
    public long countEntries() {
        return scan(config.key("q:*")).size();
    }

    @Override
    public java.util.SortedMap<String, Long> counters() {
        String prefix = config.key("g:{");
        List<String> names = new ArrayList<>();
        for (String key : scan(prefix + "*")) {
            if (key.endsWith("}")) names.add(key.substring(prefix.length(), key.length() - 1));
        }
        long[] states = names.isEmpty() ? new long[0] : snapshot(names);
        java.util.SortedMap<String, Long> out = new java.util.TreeMap<>();
        for (int i = 0; i < names.size(); i++) out.put(names.get(i), states[i]);
        return out;
    }

    private List<String> scan(String pattern) {
        RedisClusterAsyncCommands<String, byte[]> a = commands();
        io.lettuce.core.ScanArgs args = io.lettuce.core.ScanArgs.Builder.matches(pattern).limit(1000);
        List<String> keys = new ArrayList<>();
        io.lettuce.core.KeyScanCursor<String> cursor = await(a.scan(args), deadline(), null);
        keys.addAll(cursor.getKeys());
        while (!cursor.isFinished()) {
            cursor = await(a.scan(cursor, args), deadline(), null);
            keys.addAll(cursor.getKeys());
        }
        return keys;
    }

    @Override
    public long evictions() {
        return 0;
    }

    @Override
    public void close() {
        try {
            if (pubSub != null) pubSub.close();
            if (connection != null) connection.close();
        } finally {
            if (client != null) client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            if (clusterClient != null) clusterClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            resources.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }

    private String gen(String counter) {
        return config.key("g:{" + counter + "}");
    }

    private String writes(String counter) {
        return config.key("w:{" + counter + "}");
    }

    private String index(String counter) {
        return config.key("i:{" + counter + "}");
    }

    private long deadline() {
        return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    }

    /** The future's value by the deadline; {@code onNoScript} re-sends a script Redis forgot (after a restart). */
    private static <T> T await(RedisFuture<T> future, long deadlineNanos, java.util.function.Supplier<RedisFuture<T>> onNoScript) {
        try {
            long left = Math.max(1, deadlineNanos - System.nanoTime());
            return future.get(left, TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RedisNoScriptException && onNoScript != null) return await(onNoScript.get(), deadlineNanos, null);
            throw new CacheUnavailableException("Redis: " + e.getCause().getMessage(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            future.cancel(false);
            throw new CacheUnavailableException("Redis did not answer within the timeout", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CacheUnavailableException("interrupted while waiting for Redis", e);
        } catch (RuntimeException e) {
            throw new CacheUnavailableException("Redis: " + e.getMessage(), e);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes(text)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
