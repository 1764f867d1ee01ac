package io.dataflow.cli;

import io.dataflow.DataFlow;
import io.dataflow.DataFlowException;
import io.dataflow.Json;
import io.dataflow.mview.RefreshResult;
import io.dataflow.mview.ViewStatus;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "mviews", mixinStandardHelpOptions = true,
        description = "Materialized views DataFlow manages: status (default; staleness of each), refresh NAME, drop NAME.")
final class MviewsCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", defaultValue = "status", description = "status, refresh or drop")
    String action;

    @Parameters(index = "1", arity = "0..1", paramLabel = "NAME", description = "The view (for refresh and drop; optional for status)")
    String name;

    @Mixin
    ConnectionOptionsMixin connection;

    @Option(names = "--json", description = "Print JSON")
    boolean json;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (!List.of("status", "refresh", "drop").contains(action)) {
            throw new DataFlowException("unknown action '" + action + "': use status, refresh NAME or drop NAME");
        }
        if (!action.equals("status") && name == null) throw new DataFlowException(action + " needs a view NAME");
        try (DataFlow db = connection.options.open()) {
            if (action.equals("drop")) {
                List<String> dropped = db.mviews().drop(name);
                out.println(json ? Json.write(Map.of("name", name, "dropped", dropped)) : "dropped " + String.join(", ", dropped));
                return 0;
            }
            if (action.equals("refresh")) {
                RefreshResult r = db.mviews().refresh(name);
                out.println(json ? Json.write(r) : String.format("%s: %s in %.1f ms, %d rows; %s", r.name(), r.method(), r.durationMs(), r.rows(), r.reason()));
                return 0;
            }
            List<ViewStatus> all = name == null ? db.mviews().status() : List.of(db.mviews().status(name));
            if (json) {
                out.println(Json.write(all));
            } else if (all.isEmpty()) {
                out.println("No materialized views. MaterializedViewNode and IncrementalMaterializedViewNode create them.");
            } else {
                out.printf("%-28s %-12s %-24s %-10s %-8s %-8s %s%n", "NAME", "KIND", "LAST REFRESH", "AGE (s)", "CHANGED", "PENDING", "LAST STATUS");
                for (ViewStatus s : all) {
                    out.printf("%-28s %-12s %-24s %-10s %-8s %-8s %s%n", s.name(), s.kind(), s.lastRefresh(), s.secondsSinceRefresh(),
                            s.baseTablesChanged() == null ? "?" : s.baseTablesChanged() ? "yes" : "no", s.pendingRows() == null ? "-" : s.pendingRows(),
                            s.lastStatus() == null ? "-" : s.lastStatus() + (s.lastError() == null ? "" : ": " + s.lastError()));
                }
            }
        }
        return 0;
    }
}
