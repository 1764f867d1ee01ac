package io.dataflow.cache;

import java.time.Duration;
import java.util.List;

/**
 * Where entries and generation counters live: Redis (shared by every instance) or this process.
 * Every method may throw {@link CacheUnavailableException}; the cache then goes to the database.
 *
 * <p>A counter's state is its generation, or {@link #WRITING} while a write that bumps it is under
 * way (from before its transaction starts until after it ended), so a query that starts then is
 * not stored.
 */
interface CacheStore extends AutoCloseable {

    long WRITING = -1;

    /**
     * The entry and the counters' states, fetched together (one round trip to Redis). A store whose
     * writes delete the entries they invalidate returns {@code states == null}: an entry it returns
     * is current as it is, and a miss asks {@link #snapshot} before loading.
     */
    Lookup lookup(String key, List<String> counters);

    /** The counters' states now. */
    long[] snapshot(List<String> counters);

    /** Stores (replacing atomically) an entry for {@code ttl}. */
    void put(String key, byte[] value, Duration ttl);

    /**
     * Stores an entry only while the counters still have the states the query saw before it ran
     * (no write began or ended since); false when it was not stored.
     */
    default boolean putIfCurrent(String key, byte[] value, Duration ttl, List<String> counters, long[] states) {
        // Not atomic here: an entry stored just after a write ended fails its stamps at the next lookup.
        if (!java.util.Arrays.equals(snapshot(counters), states)) return false;
        put(key, value, ttl);
        return true;
    }

    void delete(String key);

    /** Marks writes to these counters as under way (until {@code deadline}, epoch millis, if never ended). */
    void beginWrite(List<String> counters, String writeId, long deadlineMillis);

    /** Bumps the counters' generations and ends the write; tells other instances. */
    void endWrite(List<String> counters, String writeId);

    /** Entries stored now (an estimate for Redis: keys of this namespace are not counted one by one). */
    long entryCount();

    /** Entries stored now, counted (may walk the whole namespace). */
    default long countEntries() {
        return entryCount();
    }

    /** Every counter the store knows, by name, with its state ({@link #WRITING} while a write is under way). */
    java.util.SortedMap<String, Long> counters();

    /** Entries the store itself dropped for size. */
    long evictions();

    /** Called with the counters another instance bumped (Redis pub/sub); a no-op in-process. */
    default void onRemoteBump(java.util.function.Consumer<List<String>> listener) {
    }

    @Override
    void close();

    /** An entry (null when absent) and the states of the counters asked for, in order (null: see {@link #lookup}). */
    record Lookup(byte[] entry, long[] states) {
    }
}
