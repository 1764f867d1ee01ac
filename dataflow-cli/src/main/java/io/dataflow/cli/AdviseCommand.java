package io.dataflow.cli;

import io.dataflow.DataFlow;
import io.dataflow.Json;
import io.dataflow.plan.AdvisedIndex;
import io.dataflow.plan.AdvisorOptions;
import io.dataflow.plan.AdvisorReport;
import io.dataflow.plan.AdvisorState;
import io.dataflow.plan.RejectedCandidate;
import io.dataflow.plan.ShortDuration;
import io.dataflow.plan.TableState;
import io.dataflow.plan.WriteRate;
import io.dataflow.plan.IndexAdvisor;
import io.dataflow.plan.IndexIssue;
import io.dataflow.plan.WhatIf;
import io.dataflow.plan.Workload;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
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

    @Option(names = "--observe", paramLabel = "DURATION", description = "Measure each table's write rate over this window first"
            + " (two samples of pg_stat_user_tables), e.g. 5m")
    String observe;

    @Option(names = "--writes", paramLabel = "TABLE=N/s", description = "A table's write rate (rows inserted or updated per second; /min and /h too),"
            + " e.g. orders=200/s; repeatable or comma-separated")
    List<String> writes = new ArrayList<>();

    @Option(names = "--period", paramLabel = "DURATION", description = "The time a --sql-file's weights cover (weights are executions per period)"
            + " (default: ${DEFAULT-VALUE})", defaultValue = "1s")
    String period;

    @Option(names = "--analyze", description = "ANALYZE the workload's tables that were never analyzed, before advising")
    boolean analyze;

    @Option(names = "--unused-after", paramLabel = "DURATION", description = "Call an index without scans unused only when it and the statistics"
            + " are at least this old (default: ${DEFAULT-VALUE})", defaultValue = "7d")
    String unusedAfter;

    @Mixin
    ConnectionOptionsMixin connection;

    @Option(names = "--json", description = "Print JSON: indexes, workload_cost_before, workload_cost_after, dropped_candidates, unused_indexes, rejected, state")
    boolean json;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Workload fileWorkload = source.file == null ? null : Workload.read(source.file); // read before connecting
        Map<String, Double> stated = new LinkedHashMap<>();
        for (String w : writes) stated.putAll(WriteRate.parse(w, "--writes"));
        AdvisorOptions options = AdvisorOptions.defaults().budgetMb(budgetMb).maxIndexes(maxIndexes)
                .whatIf(WhatIf.Mode.valueOf(whatIf.toUpperCase(Locale.ROOT)))
                .period(ShortDuration.parse(period, "--period")).writes(stated).analyze(analyze)
                .unusedAfter(ShortDuration.parse(unusedAfter, "--unused-after"))
                .observe(observe == null ? java.time.Duration.ZERO : ShortDuration.parse(observe, "--observe"));
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
        AdvisorState st = r.state();
        if (st != null) {
            sb.append(String.format("State: statistics counting for %s (reset %s, server started %s); weights per %s (%s)%n",
                    ShortDuration.text(java.time.Duration.ofSeconds((long) st.statisticsAgeSeconds())), st.statsReset() == null ? "never" : st.statsReset(),
                    st.serverStarted(), ShortDuration.text(java.time.Duration.ofMillis((long) (st.periodSeconds() * 1000))), st.periodSource()));
            sb.append("  write rates: ").append(st.writes()).append('\n');
            for (TableState t : st.tables()) {
                if (t.writeRowsCharged() > 0 || t.writeRowsPerSecond() != null || t.analyzedNow()) {
                    sb.append(String.format("  %s: %s%s, %.0f index entries charged per period%s%n", t.table(), t.writeSource(),
                            t.writeRowsPerSecond() == null ? "" : String.format(" %.1f rows/s", t.writeRowsPerSecond()), t.writeRowsCharged(),
                            t.analyzedNow() ? ", analyzed now" : ""));
                }
            }
            st.warnings().forEach(w -> sb.append("  warning: ").append(w).append('\n'));
            sb.append("  unused indexes: ").append(st.unusedRule()).append('\n');
        }
        if (!r.rejected().isEmpty()) sb.append(String.format("Not proposed (top %d of %d):%n", Math.min(10, r.rejected().size()), r.rejected().size()));
        for (RejectedCandidate c : r.rejected().stream().limit(10).toList()) {
            sb.append(String.format("  %-19s benefit %10.1f  write cost %10.1f  %8.1f kB  %s%s%n", c.reason(), c.benefit(), c.writeCost(), c.sizeBytes() / 1024.0,
                    c.index(), c.supersededBy() == null ? "" : " (by " + c.supersededBy() + ")"));
        }
        r.notes().forEach(n -> sb.append("  note: ").append(n).append('\n'));
        applied.forEach(a -> sb.append("applied: ").append(a).append('\n'));
        return sb.toString();
    }
}
