package io.dataflow.tune;

import java.util.List;

/**
 * What tuning would change, shown before anything is done.
 *
 * @param server   the server, e.g. {@code PostgreSQL 17.6}
 * @param inputs   the facts recommendations were computed from; null for explicit settings
 * @param settings every setting considered, in order
 * @param notes    what was left alone and why, and where the facts came from
 */
public record TuningPlan(String server, TuneInputs inputs, List<PlannedSetting> settings, List<String> notes) {

    public TuningPlan {
        settings = List.copyOf(settings);
        notes = List.copyOf(notes);
    }

    /** The settings that would change. */
    public List<PlannedSetting> changes() {
        return settings.stream().filter(PlannedSetting::change).toList();
    }

    public String toText() {
        return TuneText.plan(this);
    }
}
