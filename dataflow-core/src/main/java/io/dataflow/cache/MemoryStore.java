package io.dataflow.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** {@code backend: memory}: entries in a size-bounded Caffeine cache, counters in this process. */
final class MemoryStore implements CacheStore {

    private record Stored(byte[] bytes, long ttlNanos) {
    }

    /** A generation and the number of writes under way; read and changed under its own lock. */
    private static final class Counter {
        private long generation;
        private int writing;

        synchronized long state() {
            return writing > 0 ? WRITING : generation;
        }

        synchronized void begin() {
            writing++;
        }

        synchronized void end() {
            generation++;
            writing = Math.max(0, writing - 1);
        }
    }

    private final Cache<String, Stored> entries;
    private final ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();
    private final LongAdder evictions = new LongAdder();

    MemoryStore(long maxEntries) {
        this.entries = Caffeine.newBuilder()
                .maximumSize(maxEntries)
                .expireAfter(new Expiry<String, Stored>() {
                    @Override
                    public long expireAfterCreate(String key, Stored value, long currentTime) {
                        return value.ttlNanos();
                    }

                    @Override
                    public long expireAfterUpdate(String key, Stored value, long currentTime, long currentDuration) {
                        return value.ttlNanos();
                    }

                    @Override
                    public long expireAfterRead(String key, Stored value, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .removalListener((String k, Stored v, RemovalCause cause) -> {
                    if (cause == RemovalCause.SIZE) evictions.increment();
                })
                .build();
    }

    @Override
    public Lookup lookup(String key, List<String> names) {
        Stored s = entries.getIfPresent(key);
        return new Lookup(s == null ? null : s.bytes(), snapshot(names));
    }

    @Override
    public long[] snapshot(List<String> names) {
        long[] out = new long[names.size()];
        for (int i = 0; i < out.length; i++) {
            Counter c = counters.get(names.get(i));
            out[i] = c == null ? 0 : c.state();
        }
        return out;
    }

    @Override
    public void put(String key, byte[] value, Duration ttl) {
        entries.put(key, new Stored(value, ttl.toNanos()));
    }

    @Override
    public void delete(String key) {
        entries.invalidate(key);
    }

    @Override
    public void beginWrite(List<String> names, String writeId, long deadlineMillis) {
        for (String n : names) counters.computeIfAbsent(n, k -> new Counter()).begin();
    }

    @Override
    public void endWrite(List<String> names, String writeId) {
        for (String n : names) counters.computeIfAbsent(n, k -> new Counter()).end();
    }

    @Override
    public java.util.SortedMap<String, Long> counters() {
        java.util.SortedMap<String, Long> out = new java.util.TreeMap<>();
        counters.forEach((name, c) -> out.put(name, c.state()));
        return out;
    }

    @Override
    public long entryCount() {
        return entries.estimatedSize();
    }

    @Override
    public long evictions() {
        return evictions.sum();
    }

    @Override
    public void close() {
        entries.invalidateAll();
    }
}
