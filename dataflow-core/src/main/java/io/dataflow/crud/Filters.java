package io.dataflow.crud;

import io.dataflow.model.ModelSpec;
import java.util.List;
import java.util.Map;

/**
 * MongoDB-style filters, compiled to a parameterised WHERE clause. A filter maps column names to a
 * value (equality; null means IS NULL) or to operators, and may combine filters with {@code $and}
 * and {@code $or} (lists of filters, nestable):
 *
 * <pre>{@code
 * {"status": "pending", "total": {"$gte": 10, "$lt": 20}, "$or": [{"user_id": 7}, {"deleted_at": null}]}
 * }</pre>
 *
 * Operators: {@code $eq $ne $gt $gte $lt $lte $in $nin $like $ilike $null}. As in MongoDB, {@code $ne}
 * and {@code $nin} also match rows where the column is NULL (unless null is among the excluded
 * values); an empty {@code $in} matches nothing and an empty {@code $nin} everything. {@code $like}
 * and {@code $ilike} take a LIKE pattern and apply to text columns. {@code $null: true|false} is
 * IS NULL / IS NOT NULL.
 *
 * <p>Only the model's columns may be named and they are always quoted; every value is a bound
 * parameter converted to its column's type, so a value can never become SQL.
 */
public final class Filters {

    /** The operators a column accepts. */
    public static final List<String> OPERATORS = List.of("$eq", "$ne", "$gt", "$gte", "$lt", "$lte", "$in", "$nin", "$like", "$ilike", "$null");
    /** The operators that combine whole filters. */
    public static final List<String> COMBINATORS = List.of("$and", "$or");

    private Filters() {
    }

    /**
     * Checks a filter's shape without running anything: column names, operators and their argument
     * kinds (values themselves are converted when the filter runs, as they may still be references).
     * Errors are {@link io.dataflow.config.ConfigException}s naming {@code where} and the dotted key
     * below {@code key}, e.g. {@code filter.total.$gte}.
     */
    public static void validate(ModelSpec model, Map<String, ?> filter, String where, String key) {
        new FilterCompiler(model, where, null).compile(filter, key);
    }

    static CompiledFilter compile(ModelSpec model, Map<String, ?> filter) {
        return compile(model, filter, ModelColumns.where(model), "filter");
    }

    static CompiledFilter compile(ModelSpec model, Map<String, ?> filter, String where, String key) {
        FilterCompiler compiler = new FilterCompiler(model, where, new ColumnValues(model));
        String sql = compiler.compile(filter, key);
        return new CompiledFilter(sql, compiler.params());
    }
}
