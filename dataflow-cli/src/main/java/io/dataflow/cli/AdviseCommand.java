package io.dataflow.cli;

import io.dataflow.DataFlow;
import io.dataflow.Json;
import io.dataflow.plan.AdvisedIndex;
import io.dataflow.plan.AdvisorOptions;
import io.dataflow.plan.AdvisorReport;
import io.dataflow.plan.IndexAdvisor;
import io.dataflow.plan.IndexIssue;
import io.dataflow.plan.WhatIf;
import io.dataflow.plan.Workload;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "advise", mixinStandardHelpOptions = true,
        description = "Indexes for a workload under a storage budget, checked what-if; existing indexes that do not pay.")
final class AdviseCommand implements Callable<Integer> {

    static final class Source {
        @Option(names = "--from-stat-statements", description = "The database's pg_stat_statements (weighted by calls)")
        boolean statStatements;

        @Option(names = "--sql-file", paramLabel = "FILE", description = "Statements separated by ';' (weight 1, or a '-- weight: N' comment)")
        Path file;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--budget-mb", description = "Storage the new indexes may take (default: ${DEFAULT-VALUE})", defaultValue = "512")
    long budgetMb;

    @Option(names = "--max-indexes", description = "At most this many new indexes (default: ${DEFAULT-VALUE})", defaultValue = "10")
    int maxIndexes;

    @Option(names = "--top", description = "With --from-stat-statements: the statements with the most total time (default: ${DEFAULT-VALUE})",
            defaultValue = "100")
    int top;

    @Option(names = "--what-if", description = "auto (HypoPG when installed), hypopg or rollback (default: ${DEFAULT-VALUE})", defaultValue = "auto")
    String whatIf;

    @Option(names = "--apply", description = "Create the proposed indexes (CREATE INDEX CONCURRENTLY)")
    boolean apply;

    @Mixin
    ConnectionOptionsMixin connection;

    @Option(names = "--json", description = "Print JSON: indexes, workload_cost_before, workload_cost_after, dropped_candidates, unused_indexes")
    boolean json;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Workload fileWorkload = source.file == null ? null : Workload.read(source.file); // read before connecting
        AdvisorOptions options = AdvisorOptions.defaults().budgetMb(budgetMb).maxIndexes(maxIndexes)
                .whatIf(WhatIf.Mode.valueOf(whatIf.toUpperCase(Locale.ROOT)));
        PrintWriter out = spec.commandLine().getOut();
        try (DataFlow db = connection.options.open()) {
            IndexAdvisor advisor = db.advisor();
            Workload workload = fileWorkload != null ? fileWorkload : advisor.fromStatStatements(top);
            AdvisorReport report = advisor.advise(workload, options);
            List<String> applied = apply ? advisor.apply(report) : List.of();
            if (json) {
                Map<String, Object> m = Json.mapper().convertValue(report, LinkedHashMap.class);
                m.put("applied", applied);
                out.print(Json.write(m) + "\n");
            } else {
                out.print(text(report, applied));
            }
        }
        return 0;
    }

    static String text(AdvisorReport r, List<String> applied) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%d statements, %d candidates (what-if: %s), %.0f ms%n", r.queries(), r.candidates(), r.whatIf(), r.adviseMs()));
        sb.append(String.format("Workload cost %.2f -> %.2f (%.1f%% lower) with %d index%s, %.1f MB%n", r.workloadCostBefore(),
                r.workloadCostAfter(), r.costReductionPct(), r.indexes().size(), r.indexes().size() == 1 ? "" : "es", r.totalSizeBytes() / 1048576.0));
        for (AdvisedIndex i : r.indexes()) {
            sb.append(String.format("  %5.1f%%  %8.1f kB  %s%n", i.benefitPct(), i.sizeBytes() / 1024.0, i.sql()));
        }
        if (!r.unusedIndexes().isEmpty()) sb.append("Existing indexes that do not pay:\n");
        for (IndexIssue i : r.unusedIndexes()) {
            sb.append(String.format("  %-9s %s on %s%s (%.1f kB)  %s%n", i.reason(), i.index(), i.table(), i.other() == null ? "" : " (" + i.other() + ")",
                    i.sizeBytes() / 1024.0, i.sql()));
        }
        r.notes().forEach(n -> sb.append("  note: ").append(n).append('\n'));
        applied.forEach(a -> sb.append("applied: ").append(a).append('\n'));
        return sb.toString();
    }
}
