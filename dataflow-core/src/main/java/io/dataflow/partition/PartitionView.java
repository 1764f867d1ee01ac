package io.dataflow.partition;

import java.util.List;

/**
 * One partition in {@code partitions status}: live ones from the catalog, dropped ones from the state table.
 *
 * @param kind  range, list, default or gone (detached/dropped, no longer attached)
 * @param rows  exact row count for attached partitions; the archive's count for dropped ones
 * @param state active, compressed, exported, archived, detached, dropped or restored
 * @param next  what the next maintenance run will do to it, or null
 */
public record PartitionView(String name, String kind, String from, String to, List<String> values, long rows, long bytes,
                            String state, String archiveUri, String next) {
}
