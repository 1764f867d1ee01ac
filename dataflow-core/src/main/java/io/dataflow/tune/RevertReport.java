package io.dataflow.tune;

import java.util.List;

/**
 * What reverting did.
 *
 * @param runs     the runs reverted, newest first
 * @param settings each setting restored or left alone, with why
 * @param notes    anything the caller should know
 */
public record RevertReport(List<Long> runs, List<AppliedSetting> settings, List<String> notes) {

    public RevertReport {
        runs = List.copyOf(runs);
        settings = List.copyOf(settings);
        notes = List.copyOf(notes);
    }

    public String toText() {
        return TuneText.reverted(this);
    }
}
