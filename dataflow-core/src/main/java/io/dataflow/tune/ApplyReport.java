package io.dataflow.tune;

import java.util.List;

/**
 * What applying a plan did.
 *
 * @param runId    the run in {@code dataflow.tuning_runs}, or null when nothing needed changing
 * @param settings every setting of the plan with its outcome
 * @param notes    anything the caller should know (restart needed, ...)
 */
public record ApplyReport(Long runId, List<AppliedSetting> settings, List<String> notes) {

    public ApplyReport {
        settings = List.copyOf(settings);
        notes = List.copyOf(notes);
    }

    public List<String> withStatus(String status) {
        return settings.stream().filter(s -> s.status().equals(status)).map(AppliedSetting::name).toList();
    }

    public String toText() {
        return TuneText.applied(this);
    }
}
