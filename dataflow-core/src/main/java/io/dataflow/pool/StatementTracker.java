package io.dataflow.pool;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts executions per normalized statement, and which are cache hits: an execution is a hit when
 * the connection already holds the statement server-prepared (pgjdbc skips parse and planning).
 * Each connection's set mirrors pgjdbc's per-connection LRU of the same size.
 */
public final class StatementTracker {

    private static final class Entry {
        final AtomicLong executions = new AtomicLong();
        final AtomicLong hits = new AtomicLong();
        final AtomicLong deallocations = new AtomicLong();
        volatile Instant lastUsed;
        volatile Double planningMs;
    }

    private final Clock clock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Map<Object, Map<String, Boolean>> prepared = Collections.synchronizedMap(new WeakHashMap<>());
    private volatile boolean enabled = true;
    private volatile int cacheSize = StatementCacheSettings.DEFAULT.cacheSize();

    public StatementTracker(Clock clock) {
        this.clock = clock;
    }

    void configure(boolean enabled, int cacheSize) {
        this.enabled = enabled;
        this.cacheSize = cacheSize;
    }

    public boolean enabled() {
        return enabled;
    }

    /** One execution of {@code sql} on {@code connection}; {@code serverPrepared}: pgjdbc used a named statement for it. */
    void record(Object connection, String sql, boolean serverPrepared) {
        if (!enabled) return;
        Entry e = entries.computeIfAbsent(sql, k -> new Entry());
        e.executions.incrementAndGet();
        e.lastUsed = clock.instant();
        if (!serverPrepared || connection == null) return;
        Map<String, Boolean> onConnection;
        synchronized (prepared) {
            onConnection = prepared.computeIfAbsent(connection, k -> lru(cacheSize));
        }
        synchronized (onConnection) {
            if (onConnection.get(sql) != null) e.hits.incrementAndGet();
            else onConnection.put(sql, Boolean.TRUE);
        }
    }

    private static Map<String, Boolean> lru(int size) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > size;
            }
        };
    }

    /** The statement was deallocated on one connection: its next use there prepares again. */
    void deallocated(Object connection, String sql) {
        Map<String, Boolean> onConnection = prepared.get(connection);
        if (onConnection != null) {
            synchronized (onConnection) {
                onConnection.remove(sql);
            }
        }
        Entry e = entries.get(sql);
        if (e != null) e.deallocations.incrementAndGet();
    }

    /** Connections were replaced (new cache settings): nothing is prepared on the new ones. */
    void forgetConnections() {
        prepared.clear();
    }

    /** Statements not executed since {@code cutoff}. */
    public Set<String> unusedSince(Instant cutoff) {
        Set<String> out = new java.util.HashSet<>();
        entries.forEach((sql, e) -> {
            if (e.lastUsed != null && e.lastUsed.isBefore(cutoff)) out.add(sql);
        });
        return out;
    }

    public void planningMs(String sql, double ms) {
        Entry e = entries.get(sql);
        if (e != null) e.planningMs = ms;
    }

    public List<StatementUsage> usage() {
        List<StatementUsage> out = new ArrayList<>();
        entries.forEach((sql, e) -> out.add(new StatementUsage(sql, e.executions.get(), e.hits.get(), isPrepared(sql),
                e.lastUsed, e.planningMs, e.deallocations.get())));
        out.sort((a, b) -> Long.compare(b.executions(), a.executions()));
        return out;
    }

    private boolean isPrepared(String sql) {
        synchronized (prepared) {
            for (Map<String, Boolean> m : prepared.values()) {
                synchronized (m) {
                    if (m.containsKey(sql)) return true;
                }
            }
        }
        return false;
    }

    public long executions() {
        return entries.values().stream().mapToLong(e -> e.executions.get()).sum();
    }

    public long hits() {
        return entries.values().stream().mapToLong(e -> e.hits.get()).sum();
    }

    /** hits / executions, or null before any execution. */
    public Double hitRate() {
        long n = executions();
        return n == 0 ? null : (double) hits() / n;
    }

    public void reset() {
        entries.clear();
        prepared.clear();
    }
}
