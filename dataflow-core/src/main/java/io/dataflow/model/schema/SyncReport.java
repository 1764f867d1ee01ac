package io.dataflow.model.schema;

import java.util.List;

/**
 * What {@code sync()} did.
 *
 * @param applied the statements executed, in order (empty when the schema was already up to date)
 * @param drift   differences found and left alone
 * @param notes   what was decided not to do, and why
 */
public record SyncReport(List<SchemaStep> applied, List<Drift> drift, List<String> notes) {

    public SyncReport {
        applied = List.copyOf(applied);
        drift = List.copyOf(drift);
        notes = List.copyOf(notes);
    }

    public boolean changed() {
        return !applied.isEmpty();
    }

    public String summary() {
        if (applied.isEmpty()) return "Schema is up to date: nothing to do" + (drift.isEmpty() ? "." : " (" + drift.size() + " drift found).");
        long tables = applied.stream().filter(s -> s.kind() == SchemaStep.Kind.CREATE_TABLE).count();
        long indexes = applied.stream().filter(s -> s.kind() == SchemaStep.Kind.CREATE_INDEX).count();
        long partitions = applied.stream().filter(s -> s.kind() == SchemaStep.Kind.CREATE_PARTITION
                || s.kind() == SchemaStep.Kind.CREATE_DEFAULT_PARTITION).count();
        long columns = applied.stream().filter(s -> s.kind() == SchemaStep.Kind.ADD_COLUMN).count();
        return "Applied " + applied.size() + " statements: " + tables + " tables, " + columns + " columns, "
                + partitions + " partitions, " + indexes + " indexes" + (drift.isEmpty() ? "." : "; " + drift.size() + " drift found.");
    }
}
