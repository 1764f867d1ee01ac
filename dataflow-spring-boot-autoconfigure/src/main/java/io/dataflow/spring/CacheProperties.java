package io.dataflow.spring;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code dataflow.cache}: the guide's {@code cache_config} keys in kebab-case, plus SmartCacheNode's
 * {@code rules}. Only the keys set are handed to core, which checks them and names a bad one.
 */
public class CacheProperties {

    /** Cache query results (on when any dataflow.cache key is set). */
    private Boolean enabled;
    /** memory (in-process) or redis (needs io.lettuce:lettuce-core on the classpath). */
    private String backend;
    /** msgpack (default) or json. */
    private String serialization;
    /** lz4 (default) or none. */
    private String compression;
    /** query_hash: normalized SQL + bound values + key_includes values. */
    private String keyStrategy;
    /** Prefix of every key (default dataflow:queries). */
    private String namespace;
    /** Redis URL(s): redis://host:port, a list for a cluster's seed nodes. */
    private List<String> redisUrl = new ArrayList<>();
    /** The Redis URLs are a cluster's. */
    private Boolean redisCluster;
    /** Milliseconds a cache call may take before the database answers instead. */
    private Integer timeoutMs;
    /** Size bound of the in-process cache. */
    private Long maxEntries;
    /** Larger results are not cached. */
    private Integer maxEntryBytes;
    /** Redis only: keep decoded hits in-process too, invalidated through pub/sub. */
    private Boolean localTier;
    /** Writes made outside DataFlow (JdbcTemplate, psql) invalidate too, through triggers and LISTEN/NOTIFY. */
    private Boolean changeNotifications;
    /** Seconds between two log lines about an unavailable cache. */
    private Integer failureLogIntervalSeconds;
    /** Which queries are cached, for how long, and which writes drop them; the first rule that matches decides. */
    private List<Rule> rules = new ArrayList<>();

    /** One of SmartCacheNode's rules. */
    public static class Rule {
        /** Regular expression the whole SQL text must match. */
        private String pattern;
        /** Seconds an entry lives (0: do not cache). */
        private Double ttl;
        /** Writes that drop these entries: table.operation (products.update, orders.*). */
        private List<String> invalidateOn = new ArrayList<>();
        /** Named values that are part of the key (a tenant, a user). */
        private List<String> keyIncludes = new ArrayList<>();
        /** Let the cache warmer refresh these entries. */
        private Boolean cacheWarmer;

        Map<String, Object> guideKeys() {
            Map<String, Object> m = new LinkedHashMap<>();
            if (pattern != null) m.put("pattern", pattern);
            if (ttl != null) m.put("ttl", ttl);
            if (!invalidateOn.isEmpty()) m.put("invalidate_on", invalidateOn);
            if (!keyIncludes.isEmpty()) m.put("key_includes", keyIncludes);
            if (cacheWarmer != null) m.put("cache_warmer", cacheWarmer);
            return m;
        }

        public String getPattern() { return pattern; }
        public void setPattern(String pattern) { this.pattern = pattern; }
        public Double getTtl() { return ttl; }
        public void setTtl(Double ttl) { this.ttl = ttl; }
        public List<String> getInvalidateOn() { return invalidateOn; }
        public void setInvalidateOn(List<String> invalidateOn) { this.invalidateOn = invalidateOn; }
        public List<String> getKeyIncludes() { return keyIncludes; }
        public void setKeyIncludes(List<String> keyIncludes) { this.keyIncludes = keyIncludes; }
        public Boolean getCacheWarmer() { return cacheWarmer; }
        public void setCacheWarmer(Boolean cacheWarmer) { this.cacheWarmer = cacheWarmer; }
    }

    /** True when nothing under dataflow.cache is set: the cache stays off. */
    boolean unset() {
        return guideKeys().isEmpty() && rules.isEmpty();
    }

    /** The guide's cache_config of the keys set. */
    Map<String, Object> guideKeys() {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "enabled", enabled);
        put(m, "backend", backend);
        put(m, "serialization", serialization);
        put(m, "compression", compression);
        put(m, "key_strategy", keyStrategy);
        put(m, "namespace", namespace);
        if (redisUrl.size() == 1) m.put("redis_url", redisUrl.get(0));
        if (redisUrl.size() > 1) m.put("redis_url", redisUrl);
        put(m, "redis_cluster", redisCluster);
        put(m, "timeout_ms", timeoutMs);
        put(m, "max_entries", maxEntries);
        put(m, "max_entry_bytes", maxEntryBytes);
        put(m, "local_tier", localTier);
        put(m, "change_notifications", changeNotifications);
        put(m, "failure_log_interval_seconds", failureLogIntervalSeconds);
        return m;
    }

    List<Map<String, Object>> guideRules() {
        return rules.stream().map(Rule::guideKeys).toList();
    }

    private static void put(Map<String, Object> m, String key, Object value) {
        if (value != null) m.put(key, value);
    }

    public Boolean getEnabled() { return enabled; }
    public void setEnabled(Boolean enabled) { this.enabled = enabled; }
    public String getBackend() { return backend; }
    public void setBackend(String backend) { this.backend = backend; }
    public String getSerialization() { return serialization; }
    public void setSerialization(String serialization) { this.serialization = serialization; }
    public String getCompression() { return compression; }
    public void setCompression(String compression) { this.compression = compression; }
    public String getKeyStrategy() { return keyStrategy; }
    public void setKeyStrategy(String keyStrategy) { this.keyStrategy = keyStrategy; }
    public String getNamespace() { return namespace; }
    public void setNamespace(String namespace) { this.namespace = namespace; }
    public List<String> getRedisUrl() { return redisUrl; }
    public void setRedisUrl(List<String> redisUrl) { this.redisUrl = redisUrl; }
    public Boolean getRedisCluster() { return redisCluster; }
    public void setRedisCluster(Boolean redisCluster) { this.redisCluster = redisCluster; }
    public Integer getTimeoutMs() { return timeoutMs; }
    public void setTimeoutMs(Integer timeoutMs) { this.timeoutMs = timeoutMs; }
    public Long getMaxEntries() { return maxEntries; }
    public void setMaxEntries(Long maxEntries) { this.maxEntries = maxEntries; }
    public Integer getMaxEntryBytes() { return maxEntryBytes; }
    public void setMaxEntryBytes(Integer maxEntryBytes) { this.maxEntryBytes = maxEntryBytes; }
    public Boolean getLocalTier() { return localTier; }
    public void setLocalTier(Boolean localTier) { this.localTier = localTier; }
    public Boolean getChangeNotifications() { return changeNotifications; }
    public void setChangeNotifications(Boolean changeNotifications) { this.changeNotifications = changeNotifications; }
    public Integer getFailureLogIntervalSeconds() { return failureLogIntervalSeconds; }
    public void setFailureLogIntervalSeconds(Integer failureLogIntervalSeconds) { this.failureLogIntervalSeconds = failureLogIntervalSeconds; }
    public List<Rule> getRules() { return rules; }
    public void setRules(List<Rule> rules) { this.rules = rules; }
}
