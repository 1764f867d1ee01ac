package io.dataflow.cache;

import java.util.Map;

/**
 * {@code db.cacheStats()}: per rule (keyed by its pattern) and in total.
 *
 * @param enabled     whether caching is on
 * @param backend     redis or memory
 * @param available   whether the cache server answered the last time it was asked
 * @param total       all rules together (CRUD reads included)
 * @param rules       by rule pattern, in rule order
 * @param entries     entries held in-process (memory backend), -1 when the server keeps them
 * @param uncached    queries no rule matched (and writes), run on the database directly
 */
public record CacheStats(boolean enabled, String backend, boolean available, RuleStats total, Map<String, RuleStats> rules,
                         long entries, long uncached) {
}
