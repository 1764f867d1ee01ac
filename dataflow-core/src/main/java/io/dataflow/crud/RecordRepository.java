package io.dataflow.crud;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The typed reads of a model registered as a record ({@code db.repository(Order.class)}): the same
 * queries as {@link ModelRepository} (filters, ordering, paging, the query cache), with rows mapped to
 * the record by {@link RecordMapper}. Writes stay on {@link #untyped()}. Thread-safe.
 */
public final class RecordRepository<T extends Record> {

    private final ModelRepository rows;
    private final RecordMapper<T> mapper;

    public RecordRepository(ModelRepository rows, Class<T> type) {
        this.rows = rows;
        this.mapper = RecordMapper.of(type);
    }

    /** The rows the filter matches (the CRUD filter language: {@code {"status": {"$in": [...]}}}), ordered by id. */
    public List<T> list(Map<String, ?> filter) {
        return list(Query.of(filter));
    }

    /** The rows a query selects, with its order, limit and offset. */
    public List<T> list(Query query) {
        return mapper.mapAll(rows.list(query).rows());
    }

    /** The row with this primary-key id. */
    public Optional<T> read(Object id) {
        return rows.read(id).map(r -> mapper.map(new Row(r)));
    }

    /** The map-based repository: creates, updates, deletes and bulk operations. */
    public ModelRepository untyped() {
        return rows;
    }
}
