package io.dataflow.tune.nodes;

import io.dataflow.tune.ApplyReport;
import io.dataflow.tune.TuningPlan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The output both tuning nodes share: the plan, and what applying it did. */
final class TuneOutput {

    static final Set<String> KEYS = Set.of("settings", "inputs", "applied", "pending_restart", "unchanged", "run_id", "notes");

    private TuneOutput() {
    }

    static Map<String, Object> of(TuningPlan plan, ApplyReport report) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("settings", plan.settings());
        out.put("inputs", plan.inputs());
        out.put("applied", report == null ? List.of() : report.withStatus("applied"));
        out.put("pending_restart", report == null ? List.of() : report.withStatus("pending_restart"));
        out.put("unchanged", report == null ? plan.settings().stream().filter(s -> !s.change()).map(s -> s.name()).toList()
                : report.withStatus("unchanged"));
        out.put("run_id", report == null ? null : report.runId());
        List<String> notes = new ArrayList<>(plan.notes());
        if (report != null) notes.addAll(report.notes());
        else notes.add("apply is false: nothing was changed");
        out.put("notes", notes);
        return out;
    }
}
