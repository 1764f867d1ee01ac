package io.dataflow.cache;

/**
 * Counts of one rule (or of all rules together).
 *
 * @param hits        answered from the cache
 * @param misses      went to the database (and stored the result when allowed)
 * @param hitRate     hits / (hits + misses), 0 when there were none
 * @param stores      entries written (misses and warming)
 * @param bytes       bytes written for those entries
 * @param evictions   entries dropped before their TTL: invalidated by a write, corrupt, or for size
 * @param errors      cache-server failures and undecodable entries (each query still answered)
 * @param bypassed    matched the rule but not cacheable this time (a write under way, a missing key_includes value)
 * @param warmed      entries written by warming (scheduled or hot-key re-warming)
 */
public record RuleStats(long hits, long misses, double hitRate, long stores, long bytes, long evictions, long errors,
                        long bypassed, long warmed) {
}
