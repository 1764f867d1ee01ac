package io.dataflow.cli;

import io.dataflow.DataFlow;
import io.dataflow.DataFlowBuilder;
import io.dataflow.demo.DemoReport;
import io.dataflow.demo.DemoScale;
import io.dataflow.demo.GuideDemo;
import io.dataflow.spi.EmbeddedSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "The guide end to end: models synced, skewed data generated, a workflow run; on an embedded PostgreSQL unless --url.")
final class DemoCommand implements Callable<Integer> {

    /** On the embedded server the demo has a database of its own, emptied on every run. */
    static final String DEMO_DATABASE = "dataflow_demo";

    @Option(names = "--scale", defaultValue = "small", description = "small (seconds), medium (100k users, 1M orders) or large")
    String scale;

    @Option(names = "--url", description = "Run on this database instead (its guide tables must be empty, or use --reset)")
    String url;

    @Option(names = "--reset", description = "With --url: empty the guide's tables first (their data is lost)")
    boolean reset;

    @Option(names = "--redis", paramLabel = "URL", description = "Cache the demo's queries in this Redis (default: in-process memory backend)")
    String redis;

    @Option(names = "--data-dir", description = "Data directory of the embedded PostgreSQL (default: the project's own, under ~/.dataflow/embedded/projects)")
    Path dataDir;

    @Option(names = "--dashboard", arity = "0..1", fallbackValue = "127.0.0.1:8080", paramLabel = "HOST:PORT",
            description = "Then keep the database and serve the dashboard on it (default 127.0.0.1:8080) until Ctrl-C")
    String dashboard;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        DemoScale size = DemoScale.parse(scale);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        out.println("DataFlow demo (" + size.label() + "): starting the database...");
        out.flush();
        // The guide's cache_config; memory unless a Redis is named, so the demo needs nothing installed.
        DataFlowBuilder builder = DataFlow.configure().cache(redis == null
                ? Map.of("backend", "memory", "serialization", "msgpack", "compression", "lz4", "namespace", "dataflow:queries")
                : Map.of("backend", "redis", "redis_url", redis, "serialization", "msgpack", "compression", "lz4", "namespace", "dataflow:demo"));
        if (url != null) {
            builder.url(url);
        } else {
            builder.environment(name -> null).embeddedDatabase(DEMO_DATABASE)
                    .embedded(dataDir == null ? EmbeddedSettings.persistent() : EmbeddedSettings.persistent(dataDir));
        }
        try (DataFlow db = builder.open()) {
            var rows = Progress.printer(err);
            DemoReport report = GuideDemo.run(db, size, url == null || reset, new GuideDemo.Listener() {
                @Override
                public void step(String title) {
                    out.println("-- " + title);
                    out.flush();
                }

                @Override
                public void rows(String table, long done, long total) {
                    rows.report(table, done, total);
                }
            });
            out.print(report.toText());
            if (dashboard != null) DashboardCommand.serve(Map.of(io.dataflow.dashboard.DashboardServer.nameOf(db), db), DashboardCommand.options(dashboard, false, null, null, null), out);
        }
        return 0;
    }
}
