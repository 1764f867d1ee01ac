package io.dataflow.stats;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link Statistics#analyze} found.
 *
 * @param tables              the tables checked
 * @param checks              the checks that ran
 * @param findings            the problems, most severe first
 * @param summary             how many findings per severity (high, medium, low)
 * @param pairsProbed         column pairs probed for correlation_issues
 * @param notes               what was skipped or had side effects, and why
 */
public record AnalysisReport(List<String> tables, List<String> checks, List<Finding> findings, Map<String, Integer> summary,
                             int pairsProbed, List<String> notes) {

    public AnalysisReport {
        tables = List.copyOf(tables);
        checks = List.copyOf(checks);
        findings = List.copyOf(findings);
        summary = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(summary));
        notes = List.copyOf(notes);
    }

    /** The findings of one kind. */
    public List<Finding> findings(StatisticsCheck kind) {
        return findings.stream().filter(f -> f.kind() == kind).toList();
    }
}
