package io.dataflow.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code cache_warmer: true}: the keys of such a rule that were hit since they were stored are
 * re-run and re-stored when three quarters of their TTL has passed, so a hot entry never expires
 * under its readers. Keys not hit for a whole TTL are forgotten; at most 1,000 are tracked.
 */
final class HotKeys implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HotKeys.class);

    private static final class Hot {
        final CacheRule rule;
        final Supplier<QueryResult> load;
        final List<String> dependsOn;
        final AtomicLong hits = new AtomicLong();
        volatile long storedAt = System.nanoTime();

        Hot(CacheRule rule, Supplier<QueryResult> load, List<String> dependsOn) {
            this.rule = rule;
            this.load = load;
            this.dependsOn = dependsOn;
        }
    }

    private final QueryCache cache;
    private final Cache<String, Hot> keys = Caffeine.newBuilder().maximumSize(1_000).build();
    private ScheduledExecutorService timer;
    private long periodMs = Long.MAX_VALUE;

    HotKeys(QueryCache cache) {
        this.cache = cache;
    }

    synchronized void rulesChanged(List<CacheRule> rules) {
        long period = rules.stream().filter(CacheRule::cacheWarmer).mapToLong(r -> r.ttl().toMillis() / 8).min().orElse(Long.MAX_VALUE);
        if (period == Long.MAX_VALUE) return;
        period = Math.max(50, Math.min(30_000, period));
        if (timer != null && period >= periodMs) return;
        if (timer != null) timer.shutdownNow();
        periodMs = period;
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dataflow-cache-warmer");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::pass, period, period, TimeUnit.MILLISECONDS);
    }

    void loaded(CacheRule rule, List<String> dependsOn, String key, Supplier<QueryResult> load) {
        keys.put(key, new Hot(rule, load, dependsOn));
    }

    void hit(CacheRule rule, String key) {
        if (!rule.cacheWarmer()) return;
        Hot h = keys.getIfPresent(key);
        if (h != null) h.hits.incrementAndGet();
    }

    private void pass() {
        long now = System.nanoTime();
        keys.asMap().forEach((key, h) -> {
            long ttl = h.rule.ttl().toNanos();
            long age = now - h.storedAt;
            if (age < ttl * 3 / 4) return;
            if (h.hits.get() == 0) {
                if (age >= ttl) keys.invalidate(key); // cold: let it expire
                return;
            }
            try {
                cache.rewarm(h.rule, key, h.load, h.dependsOn);
                h.hits.set(0);
                h.storedAt = System.nanoTime();
            } catch (RuntimeException e) {
                log.warn("re-warming a hot key of rule {} failed: {}", h.rule.name(), e.getMessage());
            }
        });
    }

    @Override
    public synchronized void close() {
        if (timer != null) timer.shutdownNow();
        keys.invalidateAll();
    }
}
