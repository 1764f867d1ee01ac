package io.dataflow.crud;

import io.dataflow.config.ConfigException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link ModelRepository#list(Query)} reads.
 *
 * @param filter  a MongoDB-style filter (see {@link Filters}); empty matches every row
 * @param orderBy the ordering; {@code id} is always added last so that pages are stable
 * @param limit   at most this many rows, or null for no limit
 * @param offset  skip this many rows, or null for none
 */
public record Query(Map<String, ?> filter, List<OrderBy> orderBy, Integer limit, Integer offset) {

    public Query {
        // Not Map.copyOf: a filter may hold null values ({"deleted_at": null} means IS NULL).
        filter = filter == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(filter));
        orderBy = orderBy == null ? List.of() : List.copyOf(orderBy);
        if (limit != null && limit < 0) throw new ConfigException("query", "limit", "must be 0 or more, got " + limit);
        if (offset != null && offset < 0) throw new ConfigException("query", "offset", "must be 0 or more, got " + offset);
    }

    public static Query of(Map<String, ?> filter) {
        return new Query(filter, List.of(), null, null);
    }

    public static Query all() {
        return of(Map.of());
    }

    public Query orderBy(String... specs) {
        return new Query(filter, java.util.Arrays.stream(specs).map(OrderBy::parse).toList(), limit, offset);
    }

    public Query page(int limit, int offset) {
        return new Query(filter, orderBy, limit, offset);
    }
}
