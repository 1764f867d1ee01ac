package io.dataflow.crud;

import java.util.List;

/**
 * What a bulk create did.
 *
 * @param inserted how many rows were inserted
 * @param ids      the new rows' ids in input order, empty unless {@link BulkOptions#returnIds()} was asked
 * @param method   {@code "copy"} (PostgreSQL COPY) or {@code "insert"} (multi-row INSERT)
 */
public record BulkResult(long inserted, List<Object> ids, String method) {

    public BulkResult {
        ids = List.copyOf(ids);
    }
}
