package io.dataflow.crud;

import static io.dataflow.sql.Identifiers.quote;

import io.dataflow.config.ConfigException;
import io.dataflow.model.ModelSpec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Typed create, read, update, delete, list and bulk operations on one model's table: what DataFlow's
 * generated CRUD nodes call. Every operation is one transaction; every value is a bound parameter
 * converted to its column's type ({@link ColumnValues}); only the model's columns can be named and
 * they are always quoted. Rows come back as maps in column order ({@link RowReader} fixes the Java types).
 *
 * <p>created_at and updated_at (datetime or timestamp columns) are set from the clock when a row is
 * created without them, and updated_at on every update. On a model with an optimistic-lock column,
 * every update increments it and a filter naming the version that no longer matches raises
 * {@link OptimisticLockConflict}.
 *
 * <p>Bad input (an unknown column, a value that does not fit its column, an empty filter where one is
 * required) is refused with a {@link io.dataflow.config.ConfigException} before a connection is
 * taken; a statement the server refuses raises a {@link CrudException}. A repository holds no
 * state besides its configuration and may be shared between threads.
 */
public final class ModelRepository {

    private final ModelSpec model;
    private final String table;
    private final RowValues rowValues;
    private final Timestamps timestamps;
    private final Transactions tx;
    private final Updates updates;
    private final BulkInsert bulkInsert;
    private final Upsert upsert;
    private final CrudHooks hooks;

    public ModelRepository(DataSource dataSource, ModelSpec model, Clock clock) {
        this(dataSource, model, clock, CrudHooks.NONE);
    }

    /** With hooks that see every read (a cache may answer it) and every write (which invalidates it). */
    public ModelRepository(DataSource dataSource, ModelSpec model, Clock clock, CrudHooks hooks) {
        this(dataSource, model, clock, hooks, CallerTransactions.NONE);
    }

    /** Also joining the caller's transaction on the current thread when there is one ({@link CallerTransactions}). */
    public ModelRepository(DataSource dataSource, ModelSpec model, Clock clock, CrudHooks hooks, CallerTransactions caller) {
        this.model = model;
        this.hooks = hooks == null ? CrudHooks.NONE : hooks;
        this.table = quote(model.table());
        this.rowValues = new RowValues(model);
        this.timestamps = new Timestamps(model, clock == null ? Clock.systemUTC() : clock);
        this.tx = new Transactions(dataSource, model.name(), model.table(), this.hooks, caller);
        this.updates = new Updates(model, rowValues, timestamps, tx);
        this.bulkInsert = new BulkInsert(model, rowValues, timestamps, tx);
        this.upsert = new Upsert(model, rowValues, timestamps, tx);
    }

    /**
     * Through the hooks (a cache), except inside a caller's transaction: there the read sees that
     * transaction's own uncommitted writes, which no cache may answer from or keep.
     */
    private List<Map<String, Object>> cached(String sql, List<Object> params, java.util.function.Supplier<List<Map<String, Object>>> load) {
        return tx.joined() ? load.get() : hooks.read(sql, params, load);
    }

    public ModelSpec model() {
        return model;
    }

    /** Inserts one row and returns it as stored (defaults and identity filled in). A null or absent id takes the identity's next value. */
    public Map<String, Object> create(Map<String, ?> values) {
        LinkedHashMap<String, Object> row = rowValues.convert(values, "values");
        if (row.containsKey("id") && row.get("id") == null) row.remove("id");
        timestamps.onCreate(row, timestamps.now());
        String sql = row.isEmpty() ? "INSERT INTO " + table + " DEFAULT VALUES RETURNING *"
                : "INSERT INTO " + table + " (" + Statements.columnList(row.keySet()) + ") VALUES "
                + Statements.placeholders(row.size()) + " RETURNING *";
        List<Object> params = new ArrayList<>(row.values());
        return tx.run("create", c -> Statements.query(c, sql, params).get(0));
    }

    /** The row with this primary-key id (on a partitioned table, the first such row). */
    public Optional<Map<String, Object>> read(Object id) {
        Object key = requireId(id, "id");
        String sql = "SELECT * FROM " + table + " WHERE " + quote("id") + " = ? LIMIT 1";
        List<Object> params = List.of(key);
        return cached(sql, params, () -> tx.run("read", c -> Statements.query(c, sql, params))).stream().findFirst();
    }

    /**
     * Updates the rows the filter matches and returns them. The filter must not be empty (use
     * {@link #bulkUpdate(Map, Map, boolean)} to update every row); {@code id} and the version column
     * cannot be set.
     */
    public UpdateResult update(Map<String, ?> filter, Map<String, ?> fields) {
        return updates.update(filter, fields, true, false);
    }

    /** Deletes the row with this id; returns how many rows were deleted (0 or 1). */
    public int delete(Object id) {
        Object key = requireId(id, "id");
        String sql = "DELETE FROM " + table + " WHERE " + quote("id") + " = ?";
        return tx.run("delete", c -> Statements.update(c, sql, List.of(key)));
    }

    /**
     * The rows a query selects, ordered by its order (then by id, so pages are stable), with limit and
     * offset bound as parameters. {@link ListResult#count()} is the number of rows returned.
     */
    public ListResult list(Query query) {
        if (query == null) query = Query.all();
        CompiledFilter filter = Filters.compile(model, query.filter());
        StringBuilder sql = new StringBuilder("SELECT * FROM ").append(table).append(filter.whereClause()).append(" ORDER BY ");
        List<String> terms = new ArrayList<>();
        boolean hasId = false;
        for (int i = 0; i < query.orderBy().size(); i++) {
            OrderBy o = query.orderBy().get(i);
            ModelColumns.require(model, o.column(), ModelColumns.where(model), "order_by[" + i + "]");
            terms.add(quote(o.column()) + (o.descending() ? " DESC" : ""));
            hasId |= o.column().equals("id");
        }
        if (!hasId) terms.add(quote("id"));
        sql.append(String.join(", ", terms));
        List<Object> params = new ArrayList<>(filter.params());
        if (query.limit() != null) {
            sql.append(" LIMIT ?");
            params.add(query.limit().longValue());
        }
        if (query.offset() != null) {
            sql.append(" OFFSET ?");
            params.add(query.offset().longValue());
        }
        String text = sql.toString();
        List<Map<String, Object>> rows = cached(text, params, () -> tx.run("list", c -> Statements.query(c, text, params)));
        return new ListResult(rows, rows.size());
    }

    /**
     * Inserts many rows in one transaction: all land or none. Fewer than 1,000 rows, or
     * {@code returnIds}, go through multi-row INSERTs of {@code batchSize} rows (fewer when the
     * 65,535-parameter limit needs it); more stream through COPY. The columns are the union of the
     * rows' keys (plus created_at/updated_at when managed); a key a row leaves out takes the column's
     * default (with COPY, the model's declared default), an explicit null is NULL. Every row's keys
     * are checked before anything is written.
     */
    public BulkResult bulkCreate(List<? extends Map<String, ?>> rows, BulkOptions options) {
        return bulkInsert.run(rows, options == null ? BulkOptions.defaults() : options);
    }

    /** Updates every row the filter matches; returns the count. An empty filter is refused. */
    public int bulkUpdate(Map<String, ?> filter, Map<String, ?> fields) {
        return bulkUpdate(filter, fields, false);
    }

    /** As {@link #bulkUpdate(Map, Map)}; {@code all = true} lets an empty filter update every row. */
    public int bulkUpdate(Map<String, ?> filter, Map<String, ?> fields, boolean all) {
        return updates.update(filter, fields, false, all).updated();
    }

    /**
     * Updates each row by its {@code id} with the row's other keys, in one transaction using JDBC
     * batches. On a model with an optimistic lock, a row that includes the version column is updated
     * only at that version; a mismatch raises {@link OptimisticLockConflict} and nothing is changed.
     */
    public int bulkUpdateRows(List<? extends Map<String, ?>> rows) {
        return updates.updateRows(rows);
    }

    /** Deletes the rows the filter matches; an empty filter is refused unless {@code all} is true. */
    public int bulkDelete(Map<String, ?> filter, boolean all) {
        if ((filter == null || filter.isEmpty()) && !all) {
            throw new ConfigException(ModelColumns.where(model), "filter", "is empty, which would delete every row of "
                    + model.table() + "; give a filter, or all=true to delete every row");
        }
        CompiledFilter compiled = Filters.compile(model, filter);
        String sql = "DELETE FROM " + table + compiled.whereClause();
        return tx.run("bulk delete", c -> Statements.update(c, sql, compiled.params()));
    }

    /**
     * Inserts rows, or updates the existing row that has the same {@code conflictColumns} (the primary
     * key or the columns of a unique index). {@code updateColumns} defaults to every given column
     * except the conflict columns and id. Counts inserted and updated rows apart.
     */
    public UpsertResult bulkUpsert(List<? extends Map<String, ?>> rows, List<String> conflictColumns, List<String> updateColumns) {
        return upsert.run(rows, conflictColumns, updateColumns);
    }

    private Object requireId(Object id, String key) {
        if (id == null) throw new ConfigException(ModelColumns.where(model), key, "is required");
        return rowValues.values().toJdbc("id", id, key);
    }
}
