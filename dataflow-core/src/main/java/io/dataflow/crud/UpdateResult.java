package io.dataflow.crud;

import java.util.List;
import java.util.Map;

/**
 * What an update did.
 *
 * @param updated how many rows were changed
 * @param rows    the changed rows as they are after the update (RETURNING *), in no particular order
 */
public record UpdateResult(int updated, List<Map<String, Object>> rows) {

    public UpdateResult {
        rows = List.copyOf(rows);
    }
}
