package io.dataflow.cli;

import io.dataflow.DataFlow;
import io.dataflow.Json;
import io.dataflow.rewrite.Optimization;
import io.dataflow.rewrite.RewriteOptions;
import io.dataflow.rewrite.RewriteReport;
import io.dataflow.rewrite.Transformation;
import io.dataflow.rewrite.VerifyOptions;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "rewrite", mixinStandardHelpOptions = true,
        description = "Rewrite a query (decorrelate, semi-joins, sargable predicates) and verify it on the database: same results, cost and time.")
final class RewriteCommand implements Callable<Integer> {

    @Option(names = "--sql", required = true, description = "The query (a SELECT)")
    String sql;

    @Option(names = "--param", paramLabel = "NAME[:TYPE]=VALUE", description = "A :name placeholder's value, e.g. d=2026-01-01 or d:date=2026-01-01")
    List<String> params = List.of();

    @Option(names = "--optimization", description = "decorrelate, exists_to_semijoin, sargable or auto (default: ${DEFAULT-VALUE})", defaultValue = "auto")
    String optimization;

    @Option(names = "--rewritten", description = "Your own rewrite, to verify as well")
    String rewritten;

    @Option(names = "--no-verify", description = "Only rewrite; do not run the queries (the result is marked unverified)")
    boolean noVerify;

    @Option(names = "--timeout-ms", description = "Statement timeout of every run (default: ${DEFAULT-VALUE})", defaultValue = "30000")
    long timeoutMs;

    @Option(names = "--runs", description = "Timed runs of each query; the median is reported (default: ${DEFAULT-VALUE})", defaultValue = "3")
    int runs;

    @Mixin
    ConnectionOptionsMixin connection;

    @Option(names = "--json", description = "Print JSON: rewritten, transformations, equivalent, verified, cost_before, cost_after,"
            + " time_before_ms, time_after_ms, speedup, warnings")
    boolean json;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        RewriteOptions options = RewriteOptions.defaults().optimization(Optimization.parse(optimization)).verify(!noVerify)
                .supplied(rewritten).verifyOptions(VerifyOptions.defaults().timeout(Duration.ofMillis(timeoutMs)).runs(runs).params(AnalyzeCommand.parse(params)));
        PrintWriter out = spec.commandLine().getOut();
        try (DataFlow db = connection.options.open()) {
            RewriteReport r = db.rewriter().optimize(sql, options);
            out.print(json ? Json.write(r) + "\n" : text(r));
        }
        return 0;
    }

    static String text(RewriteReport r) {
        StringBuilder sb = new StringBuilder();
        if (r.transformations().isEmpty()) {
            sb.append("No rewrite applied.\n");
        } else {
            sb.append("Rewritten:\n").append(indent(r.rewritten())).append("\n\nTransformations:\n");
            for (Transformation t : r.transformations()) sb.append("  [").append(t.kind()).append("] ").append(t.description()).append('\n');
        }
        sb.append('\n');
        if (r.verified()) {
            sb.append("Equivalent: yes (same rows on the database)\n");
        } else if (Boolean.FALSE.equals(r.equivalent())) {
            sb.append("Equivalent: NO: ").append(r.firstDifference() == null ? "" : r.firstDifference().note() + " " + r.firstDifference().row())
                    .append("\n  the rewrite was rejected:\n").append(indent(r.rejected())).append('\n');
        } else if (!r.transformations().isEmpty()) {
            sb.append("Equivalent: not verified\n");
        }
        if (r.costBefore() != null) sb.append(String.format(Locale.ROOT, "Cost:  %.1f -> %s%n", r.costBefore(),
                r.costAfter() == null ? "-" : String.format(Locale.ROOT, "%.1f", r.costAfter())));
        if (r.timeAfterMs() != null) {
            sb.append(String.format(Locale.ROOT, "Time:  %s -> %.1f ms (median)%s%n", r.timedOutBefore() ? "> timeout" : String.format(Locale.ROOT, "%.1f ms", r.timeBeforeMs()),
                    r.timeAfterMs(), r.speedup() == null ? "" : String.format(Locale.ROOT, ", %s%.1fx faster", r.timedOutBefore() ? "> " : "", r.speedup())));
        }
        if (r.supplied() != null) {
            sb.append("Your rewrite: equivalent ").append(r.supplied().equivalent() == null ? "not verified" : r.supplied().equivalent() ? "yes" : "NO")
                    .append(", faster ").append(r.supplied().faster() == null ? "not measured" : r.supplied().faster() ? "yes" : "no");
            if (r.supplied().speedup() != null) sb.append(String.format(Locale.ROOT, " (%.1fx)", r.supplied().speedup()));
            sb.append('\n');
        }
        for (String w : r.warnings()) sb.append("note: ").append(w).append('\n');
        return sb.toString();
    }

    private static String indent(String sql) {
        return "  " + sql.replace("\n", "\n  ");
    }
}
