package io.dataflow.cache;

import io.dataflow.crud.CrudHooks;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** Connects the CRUD operations to the cache: List and Read go through it, writes invalidate it. */
public final class CacheCrudHooks implements CrudHooks {

    private final QueryCache cache;

    public CacheCrudHooks(QueryCache cache) {
        this.cache = cache;
    }

    @Override
    public List<Map<String, Object>> read(String sql, List<?> params, Supplier<List<Map<String, Object>>> load) {
        return cache.read(sql, params, Map.of(), () -> {
            List<Map<String, Object>> rows = load.get();
            List<String> columns = rows.isEmpty() ? List.of() : new ArrayList<>(rows.get(0).keySet());
            return new QueryResult(columns, rows, false);
        }).rows();
    }

    @Override
    public AutoCloseable writing(String table, Set<String> ops) {
        String t = TableNames.normalize(table.contains(".") ? table : "\"" + table + "\"");
        return cache.writing(ops.stream().map(op -> new Dependency(t, op)).toList());
    }
}
