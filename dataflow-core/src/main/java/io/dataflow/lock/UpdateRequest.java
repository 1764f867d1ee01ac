package io.dataflow.lock;

import io.dataflow.config.ConfigException;
import io.dataflow.config.DidYouMean;
import io.dataflow.crud.ColumnValues;
import io.dataflow.crud.InvalidValueException;
import io.dataflow.model.ModelSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * An optimistic update checked against its model before anything runs; the node's build-time
 * validation and the Java API share these checks, so both refuse the same input with the same words.
 *
 * @param maxRetries resolved: the option, else the model's {@code retry_on_conflict}
 */
public record UpdateRequest(ModelSpec model, Changes changes, Conflict conflict, int maxRetries, Long expectedVersion,
                            Map<String, ?> base, Backoff backoff) {

    /**
     * @param where    the node or operation, for messages
     * @param deferred values not known yet (workflow references): checked for presence only
     */
    public static UpdateRequest of(ModelSpec model, Map<String, ?> fields, UpdateOptions options, String where, Predicate<Object> deferred) {
        Integer retries = checkOptions(model, options, where);
        Changes changes = Changes.parse(model, fields, where, "fields", deferred);
        Long expected = options.base() == null ? options.expectedVersion()
                : checkBase(model, options.base(), options.expectedVersion(), changes, options.conflict(), where, deferred);
        return new UpdateRequest(model, changes, options.conflict(), retries == null ? model.retryOnConflict() : retries,
                expected, options.base(), options.backoff());
    }

    /** The build-time check of a node whose fields may come from an upstream node: what is known now is checked now. */
    @SuppressWarnings("unchecked")
    public static void validate(ModelSpec model, Object fields, UpdateOptions options, String where, Predicate<Object> deferred) {
        checkOptions(model, options, where);
        Changes changes = deferred.test(fields) ? null : Changes.parse(model, (Map<String, ?>) fields, where, "fields", deferred);
        if (options.base() != null) checkBase(model, options.base(), options.expectedVersion(), changes, options.conflict(), where, deferred);
    }

    /** The version column exists, max_retries and expected_version are not negative; returns max_retries as given. */
    private static Integer checkOptions(ModelSpec model, UpdateOptions options, String where) {
        if (model.optimisticLock() == null) {
            throw new ConfigException(where, options.conflict() == Conflict.MERGE ? "conflict_resolution" : "model", "model " + model.name()
                    + " has no version column, so " + (options.conflict() == Conflict.MERGE ? "there is nothing to merge against"
                    : "a concurrent update could not be detected") + "; declare one with optimistic_lock: version in the model's dataflow options");
        }
        Integer retries = options.maxRetries();
        if (retries != null && retries < 0) throw new ConfigException(where, "max_retries", "must be 0 or more, got " + retries);
        Long expected = options.expectedVersion();
        if (expected != null && expected < 0) throw new ConfigException(where, "expected_version", "must be 0 or more, got " + expected);
        return retries;
    }

    /** Base keys are columns with fitting values; its version, if any, agrees with expected_version; merge needs every changed field (when known). */
    private static Long checkBase(ModelSpec model, Map<String, ?> base, Long expected, Changes changes, Conflict conflict,
                                  String where, Predicate<Object> deferred) {
        ColumnValues values = new ColumnValues(model);
        for (Map.Entry<String, ?> e : base.entrySet()) {
            String column = e.getKey();
            if (model.field(column).isEmpty()) {
                throw new ConfigException(where, "base." + column, "'" + column + "' is not a column of " + model.name()
                        + DidYouMean.hint(column, model.columnNames()) + "; columns: " + String.join(", ", model.columnNames()));
            }
            if (deferred.test(e.getValue())) continue;
            try {
                values.toJdbc(column, e.getValue(), "base." + column);
            } catch (InvalidValueException ex) {
                throw new ConfigException(where, "base." + column, ex.getMessage());
            }
        }
        Object baseVersion = base.get(model.optimisticLock());
        if (baseVersion != null && !deferred.test(baseVersion)) {
            long v = ((Number) values.toJdbc(model.optimisticLock(), baseVersion, "base." + model.optimisticLock())).longValue();
            if (expected != null && expected != v) {
                throw new ConfigException(where, "expected_version", "is " + expected + " but base." + model.optimisticLock() + " is " + v
                        + "; give one of them, or make them agree");
            }
            expected = v;
        }
        if (conflict == Conflict.MERGE && changes != null) {
            List<String> missing = new ArrayList<>(changes.columns());
            missing.removeAll(base.keySet());
            if (!missing.isEmpty()) {
                throw new ConfigException(where, "base", "must hold the value you read of every field you change, to tell whether someone"
                        + " else changed it; missing: " + String.join(", ", missing));
            }
        }
        return expected;
    }
}
