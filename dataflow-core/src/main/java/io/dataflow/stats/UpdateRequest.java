package io.dataflow.stats;

import io.dataflow.sql.Identifiers;
import java.util.List;

/**
 * What {@link Statistics#update} does: ANALYZE these tables, first setting the chosen columns'
 * statistics target from the sample rate.
 *
 * @param tables     table names in the current schema (at least one)
 * @param sampleRate the rate to apply, {@link SampleRate#DEFAULT} to reset, or null to keep each column's target
 * @param columns    which columns get the target and are analyzed
 */
public record UpdateRequest(List<String> tables, SampleRate sampleRate, ColumnSelection columns) {

    public UpdateRequest {
        tables = List.copyOf(tables);
        if (tables.isEmpty()) throw new IllegalArgumentException("name at least one table");
        columns = columns == null ? ColumnSelection.ALL : columns;
    }

    /** ANALYZE every column of these tables, keeping their targets. */
    public static UpdateRequest analyze(String... tables) {
        return new UpdateRequest(List.of(tables), null, ColumnSelection.ALL);
    }

    /** Refuses names that are not plain identifiers, before a connection is taken. */
    void checkNames(String where) {
        for (int i = 0; i < tables.size(); i++) Identifiers.require(tables.get(i), where, "tables[" + i + "]");
    }
}
