package io.dataflow.cli;

import io.dataflow.DataFlow;
import io.dataflow.Json;
import io.dataflow.monitor.DatabasePerformanceMonitor;
import io.dataflow.monitor.MonitorReport;
import io.dataflow.monitor.MonitorText;
import io.dataflow.monitor.PrometheusEndpoint;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "monitor", mixinStandardHelpOptions = true,
        description = {"One collection of the DatabasePerformanceMonitor: top slow queries, unused indexes, bloat, locks, open alerts,"
                + " health checks.", "With --serve, a Prometheus scrape endpoint (GET /metrics) fed by a collection every --interval."})
final class MonitorCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptionsMixin connection;

    @Option(names = "--json", description = "Print the collection as JSON")
    boolean json;

    @Option(names = "--serve", paramLabel = "HOST:PORT", description = "Serve Prometheus metrics here, e.g. 127.0.0.1:9187 (a bare port binds 127.0.0.1)")
    String serve;

    @Option(names = "--interval", defaultValue = "15", paramLabel = "SECONDS", description = "With --serve: seconds between collections (default 15)")
    double intervalSeconds;

    @Option(names = "--collections", defaultValue = "0", description = "With --serve: stop after this many collections (default: until Ctrl-C)")
    int collections;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        try (DataFlow db = connection.options.open()) {
            DatabasePerformanceMonitor monitor = db.monitor();
            if (serve == null) {
                MonitorReport report = monitor.collect();
                out.print(json ? Json.write(report) + "\n" : MonitorText.render(report));
                return 0;
            }
            java.net.InetSocketAddress address = PrometheusEndpoint.address(serve);
            MonitorReport r = monitor.collect(); // before listening: the first scrape already carries the metrics
            PrometheusEndpoint endpoint = monitor.serve(address);
            out.println("serving " + endpoint.url() + " for " + db.description() + ", collecting every " + intervalSeconds + " s"
                    + (collections > 0 ? " " + collections + " times" : " (Ctrl-C stops)"));
            out.flush();
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
            for (int n = 1; ; n++) {
                out.printf("%s collected in %.0f ms: %d open alerts%s%n", r.collectedAt(), r.durationMs(), r.openAlerts().size(),
                        r.events().isEmpty() ? "" : ", " + r.events().size() + " events");
                out.flush();
                if (collections > 0 && n >= collections) break;
                if (stopped.await((long) (intervalSeconds * 1000), TimeUnit.MILLISECONDS)) break;
                r = monitor.collect();
            }
        }
        return 0;
    }
}
