package io.dataflow.model.schema;

import java.util.List;

/**
 * What {@code sync()} would do: the statements in order, each with its note, the drift it found
 * and left alone, and notes on what it decided not to do.
 */
public record SchemaPlan(List<SchemaStep> steps, List<Drift> drift, List<String> notes) {

    public SchemaPlan {
        steps = List.copyOf(steps);
        drift = List.copyOf(drift);
        notes = List.copyOf(notes);
    }

    public boolean upToDate() {
        return steps.isEmpty();
    }

    /** The plan as a readable report. */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        if (steps.isEmpty()) sb.append("Schema is up to date: nothing to do.\n");
        for (SchemaStep s : steps) {
            sb.append("-- ").append(s.model()).append(": ").append(s.note().replace("\n", "\n-- ")).append('\n');
            sb.append(s.sql()).append(";\n\n");
        }
        for (Drift d : drift) sb.append("DRIFT ").append(d).append('\n');
        for (String n : notes) sb.append("NOTE ").append(n).append('\n');
        return sb.toString();
    }
}
