package io.dataflow.cli;

import io.dataflow.DataFlow;
import io.dataflow.Json;
import io.dataflow.config.ConfigException;
import io.dataflow.plan.PlanOptions;
import io.dataflow.plan.PlanText;
import io.dataflow.plan.QueryPlan;
import io.dataflow.plan.SuggestOptions;
import io.dataflow.plan.Suggestion;
import io.dataflow.plan.SuggestionKind;
import io.dataflow.plan.TypedValue;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = "EXPLAIN ANALYZE a query (data changes are rolled back): the plan tree with its findings marked.")
final class AnalyzeCommand implements Callable<Integer> {

    @Option(names = "--sql", required = true, description = "The statement; :name placeholders take --param values")
    String sql;

    @Option(names = "--param", paramLabel = "NAME[:TYPE]=VALUE", description = "A placeholder's value, e.g. start_date=2026-01-01 or d:date=2026-01-01")
    List<String> params = List.of();

    @Option(names = "--no-execute", description = "Only plan the statement (EXPLAIN without ANALYZE)")
    boolean noExecute;

    @Option(names = "--suggest", split = ",", paramLabel = "KIND",
            description = "Suggestions to check: missing_indexes, join_order, filter_pushdown, materialized_views (default: all)")
    List<String> suggest = List.of("missing_indexes", "join_order", "filter_pushdown", "materialized_views");

    @Option(names = "--no-suggest", description = "Only the plan and its findings")
    boolean noSuggest;

    @Option(names = "--timeout-ms", description = "Statement timeout of the analysis (default: ${DEFAULT-VALUE})", defaultValue = "30000")
    long timeoutMs;

    @Mixin
    ConnectionOptionsMixin connection;

    @Option(names = "--json", description = "Print JSON: plan, total_cost, execution_ms, findings, suggestions")
    boolean json;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PlanOptions options = PlanOptions.defaults().analyze(!noExecute).timeout(Duration.ofMillis(timeoutMs)).params(parse(params));
        PrintWriter out = spec.commandLine().getOut();
        try (DataFlow db = connection.options.open()) {
            QueryPlan plan = db.plans().analyze(sql, options);
            List<Suggestion> suggestions = noSuggest ? List.of() : db.plans().suggest(plan,
                    SuggestOptions.all().kinds(suggest.stream().map(SuggestionKind::parse).collect(Collectors.toSet())));
            if (json) {
                Map<String, Object> report = Json.mapper().convertValue(plan, LinkedHashMap.class);
                report.put("suggestions", suggestions);
                out.print(Json.write(report) + "\n");
            } else {
                out.print(PlanText.render(plan));
                out.print(PlanText.suggestions(suggestions));
            }
        }
        return 0;
    }

    /** {@code name=value} or {@code name:type=value}. */
    static Map<String, Object> parse(List<String> params) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String p : params) {
            int eq = p.indexOf('=');
            if (eq <= 0) throw new ConfigException("analyze", "--param", "'" + p + "' must look like name=value or name:type=value");
            String name = p.substring(0, eq);
            String value = p.substring(eq + 1);
            int colon = name.indexOf(':');
            out.put(colon < 0 ? name : name.substring(0, colon), colon < 0 ? value : new TypedValue(name.substring(colon + 1), value));
        }
        return out;
    }
}
