package io.dataflow.crud;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What a {@link ModelRepository} tells the rest of DataFlow: its reads (which a query-result cache
 * may answer) and its writes (which must invalidate that cache). The repository knows nothing of
 * the cache; {@code DataFlow} connects the two.
 */
public interface CrudHooks {

    /** A read by this SQL with these bound values; {@code load} runs it on the database. */
    List<Map<String, Object>> read(String sql, List<?> params, Supplier<List<Map<String, Object>>> load);

    /**
     * A write of these kinds ({@code insert}, {@code update}, {@code delete}) to {@code table} starts
     * now; the returned handle is closed after its transaction committed or rolled back.
     */
    AutoCloseable writing(String table, Set<String> ops);

    CrudHooks NONE = new CrudHooks() {
        @Override
        public List<Map<String, Object>> read(String sql, List<?> params, Supplier<List<Map<String, Object>>> load) {
            return load.get();
        }

        @Override
        public AutoCloseable writing(String table, Set<String> ops) {
            return () -> { };
        }
    };
}
