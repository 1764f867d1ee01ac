package io.dataflow.cache;

import io.dataflow.config.ConfigException;
import io.dataflow.config.ConfigReader;
import io.dataflow.config.DidYouMean;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The guide's {@code cache_config}: whether results are cached, where (Redis or in-process), how
 * they are encoded and under which key prefix. Built from the guide's keys by {@link #parse(Map)},
 * which refuses a bad value naming the key before anything connects.
 *
 * @param enabled          false: every query goes to the database
 * @param backend          REDIS (standalone or cluster, from {@code redis_url}) or MEMORY (Caffeine)
 * @param serialization    MSGPACK or JSON
 * @param compression      LZ4 or NONE
 * @param keyStrategy      {@code query_hash}: normalized SQL + bound values + key_includes values
 * @param namespace        prefix of every Redis key (and of the pub/sub channel)
 * @param redisUrls        {@code redis://host:port} (one), or several seed nodes of a Redis Cluster
 * @param cluster          whether {@code redisUrls} name a Redis Cluster
 * @param timeout          longest wait for one Redis command before the query goes to the database
 * @param maxEntries       size bound of the in-process cache (memory backend and near tier)
 * @param maxEntryBytes    results larger than this once encoded are not cached
 * @param localTier        redis backend only: keep decoded hits in-process too, invalidated through pub/sub
 * @param changeNotifications install triggers + LISTEN/NOTIFY for the invalidate_on tables (writes made outside DataFlow)
 * @param failureLogInterval Redis failures are counted always and logged at most once per this interval
 */
public record CacheConfig(boolean enabled, Backend backend, Serialization serialization, Compression compression,
                          String keyStrategy, String namespace, List<String> redisUrls, boolean cluster, Duration timeout,
                          long maxEntries, int maxEntryBytes, boolean localTier, boolean changeNotifications,
                          Duration failureLogInterval) {

    public enum Backend { REDIS, MEMORY }

    public enum Serialization { MSGPACK, JSON }

    public enum Compression { LZ4, NONE }

    static final String WHERE = "cache_config";
    static final List<String> KEYS = List.of("enabled", "backend", "serialization", "compression", "key_strategy", "namespace",
            "redis_url", "redis_cluster", "timeout_ms", "max_entries", "max_entry_bytes", "local_tier", "change_notifications",
            "failure_log_interval_seconds");

    public CacheConfig {
        redisUrls = List.copyOf(redisUrls);
    }

    /** Caching off: what a DataFlow without a cache_config uses. */
    public static CacheConfig disabled() {
        return new CacheConfig(false, Backend.MEMORY, Serialization.MSGPACK, Compression.LZ4, "query_hash", "dataflow:queries",
                List.of(), false, Duration.ofMillis(200), 10_000, 8 << 20, false, false, Duration.ofSeconds(30));
    }

    /** In-process caching with the guide's encoding; for tests and single-instance applications. */
    public static CacheConfig memory() {
        return parse(Map.of("enabled", true, "backend", "memory"));
    }

    /**
     * Reads the guide's keys. {@code backend} defaults to redis when {@code redis_url} is given and
     * to memory otherwise; {@code redis_url} may be one URL or a list (a cluster's seed nodes, with
     * {@code redis_cluster: true}).
     */
    public static CacheConfig parse(Map<String, ?> map) {
        ConfigReader r = ConfigReader.of(WHERE, map == null ? Map.of() : map);
        for (String k : r.keys()) {
            if (!KEYS.contains(k)) {
                throw new ConfigException(WHERE, k, "unknown key" + DidYouMean.hint(k, KEYS) + "; accepted keys: " + String.join(", ", KEYS));
            }
        }
        List<String> urls = redisUrls(r);
        Backend backend = oneOf(r, "backend", Backend.class, urls.isEmpty() ? Backend.MEMORY : Backend.REDIS);
        if (backend == Backend.REDIS && urls.isEmpty()) {
            throw r.error("redis_url", "is required when backend is redis (e.g. redis://127.0.0.1:6379)");
        }
        String strategy = r.optString("key_strategy").orElse("query_hash");
        if (!strategy.equals("query_hash")) {
            throw r.error("key_strategy", "'" + strategy + "' is not accepted; accepted: query_hash (normalized SQL + bound values + key_includes values)");
        }
        String namespace = r.optString("namespace").orElse("dataflow:queries");
        if (namespace.contains("{") || namespace.contains("}") || namespace.contains(" ")) {
            throw r.error("namespace", "must not contain spaces or braces (braces are Redis Cluster hash tags), got '" + namespace + "'");
        }
        int timeoutMs = positive(r, "timeout_ms", 200);
        long maxEntries = positive(r, "max_entries", 10_000);
        int maxBytes = positive(r, "max_entry_bytes", 8 << 20);
        int logInterval = positive(r, "failure_log_interval_seconds", 30);
        boolean localTier = r.bool("local_tier", false);
        if (localTier && backend != Backend.REDIS) throw r.error("local_tier", "is a near cache in front of Redis; it needs backend redis");
        return new CacheConfig(r.bool("enabled", true), backend,
                oneOf(r, "serialization", Serialization.class, Serialization.MSGPACK),
                oneOf(r, "compression", Compression.class, Compression.LZ4),
                strategy, namespace, urls, r.bool("redis_cluster", urls.size() > 1), Duration.ofMillis(timeoutMs),
                maxEntries, maxBytes, localTier, r.bool("change_notifications", false), Duration.ofSeconds(logInterval));
    }

    private static List<String> redisUrls(ConfigReader r) {
        Object v = r.value("redis_url");
        List<String> urls = v instanceof List<?> ? r.stringList("redis_url") : r.optString("redis_url").map(List::of).orElse(List.of());
        for (int i = 0; i < urls.size(); i++) {
            String u = urls.get(i);
            if (!u.startsWith("redis://") && !u.startsWith("rediss://")) {
                throw r.error(urls.size() == 1 ? "redis_url" : "redis_url[" + i + "]", "'" + u + "' is not a Redis URL: use redis://host:port (or rediss:// for TLS)");
            }
        }
        return urls;
    }

    private static <E extends Enum<E>> E oneOf(ConfigReader r, String key, Class<E> type, E fallback) {
        String v = r.optString(key).orElse(null);
        if (v == null) return fallback;
        List<String> names = java.util.Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT)).toList();
        String lower = v.toLowerCase(Locale.ROOT);
        if (!names.contains(lower)) {
            throw r.error(key, "'" + v + "' is not accepted" + DidYouMean.hint(v, names) + "; accepted: " + String.join(", ", names));
        }
        return Enum.valueOf(type, lower.toUpperCase(Locale.ROOT));
    }

    private static int positive(ConfigReader r, String key, int fallback) {
        int v = r.integer(key, fallback);
        if (v <= 0) throw r.error(key, "must be greater than 0, got " + v);
        return v;
    }

    /**
     * The same configuration with the keys of one database: {@code <namespace>:<scope>:...}, the scope
     * from {@link DatabaseIdentity#scope()}. Every key a store builds goes through {@link #key}, so entries,
     * counters, indexes, write marks and the invalidation channel all carry it.
     */
    CacheConfig scopedTo(String scope) {
        return new CacheConfig(enabled, backend, serialization, compression, keyStrategy, namespace + ":" + scope, redisUrls, cluster,
                timeout, maxEntries, maxEntryBytes, localTier, changeNotifications, failureLogInterval);
    }

    /** The Redis key prefix for one kind of key: {@code <namespace>:<part>}. */
    String key(String part) {
        return namespace + ":" + part;
    }
}
