package io.dataflow.cache;

import java.util.SortedMap;

/**
 * What the cache's store holds now, read from the store itself (so, for Redis, what every instance
 * sharing the namespace sees): what {@code ./dataflow cache status} prints.
 *
 * @param backend   redis or memory
 * @param namespace the key prefix
 * @param scope     the database's part of every key ({@code <namespace>:<scope>:...}), see {@link DatabaseIdentity#scope()}
 * @param database  which database that is: name, server, role and search_path
 * @param entries   entries stored now
 * @param counters  each generation counter ({@code table.op}) and its generation, or -1 while a write
 *                  that bumps it is under way
 */
public record CacheOverview(String backend, String namespace, String scope, String database, long entries, SortedMap<String, Long> counters) {
}
