package io.dataflow.lock;

import java.util.List;
import java.util.Map;

/**
 * What an optimistic update did.
 *
 * @param model            the model
 * @param id               the row's id
 * @param version          the row's version after the update
 * @param row              the row after the update
 * @param attempts         how many UPDATE statements were tried (1 when nobody interfered)
 * @param conflicts        how many of them lost a race (attempts - 1)
 * @param resolution       the conflict resolution used
 * @param concurrentFields for merge: the fields someone else changed since the base, kept as they are
 */
public record OptimisticUpdate(String model, Object id, long version, Map<String, Object> row, int attempts, int conflicts,
                               Conflict resolution, List<String> concurrentFields) {

    public OptimisticUpdate {
        concurrentFields = List.copyOf(concurrentFields);
    }
}
