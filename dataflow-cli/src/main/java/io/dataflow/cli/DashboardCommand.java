package io.dataflow.cli;

import io.dataflow.DataFlow;
import io.dataflow.dashboard.DashboardOptions;
import io.dataflow.dashboard.DatabaseFile;
import io.dataflow.dashboard.DashboardServer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "dashboard", mixinStandardHelpOptions = true,
        description = {"Serves the web dashboard: health checks, queries over time, indexes, maintenance, partitions, views, cache,"
                + " connections, locks, tuning, alerts and jobs.", "Binds 127.0.0.1 unless told otherwise; another address needs --user/--password or --token."})
final class DashboardCommand implements Callable<Integer> {

    @Option(names = "--url", description = "A database to show (repeat for several: the dashboard gets a database switcher)."
            + " Default: DATABASE_URL, else the embedded PostgreSQL")
    List<String> urls = new ArrayList<>();

    @Option(names = "--databases", paramLabel = "FILE", description = "A YAML file of named databases (name: url per line), instead of or"
            + " besides --url; the names are the switcher's")
    Path databases;

    @Option(names = "--data-dir", description = "Data directory of the embedded PostgreSQL (default: ~/.dataflow/embedded)")
    Path dataDir;

    @Option(names = "--bind", defaultValue = "127.0.0.1:8080", paramLabel = "HOST:PORT", description = "Where to serve (default 127.0.0.1:8080)")
    String bind;

    @Option(names = "--allow-actions", description = "Offer cancel / terminate, create advised index, VACUUM, refresh view, run job now")
    boolean allowActions;

    @Option(names = "--user", description = "Basic-auth user (with --password)")
    String user;

    @Option(names = "--password", description = "Basic-auth password (default: DATAFLOW_DASHBOARD_PASSWORD)")
    String password;

    @Option(names = "--token", description = "Access token (default: DATAFLOW_DASHBOARD_TOKEN)")
    String token;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        DashboardOptions options = options(bind, allowActions, user, password, token);
        List<DataFlow> opened = new ArrayList<>();
        try {
            Map<String, DataFlow> named = new LinkedHashMap<>();
            Map<String, String> fromFile = databases == null ? Map.of() : DatabaseFile.read(databases);
            for (var e : fromFile.entrySet()) {
                DataFlow db = DataFlow.open(e.getValue());
                opened.add(db);
                named.put(e.getKey(), db);
            }
            if (urls.isEmpty() && fromFile.isEmpty()) {
                ConnectionOptions c = new ConnectionOptions();
                c.dataDir = dataDir;
                DataFlow db = c.open();
                opened.add(db);
                named.put(DashboardServer.nameOf(db), db);
            }
            for (String url : urls) {
                DataFlow db = DataFlow.open(url);
                opened.add(db);
                String name = DashboardServer.nameOf(db);
                while (named.containsKey(name)) name = name + "'";
                named.put(name, db);
            }
            serve(named, options, spec.commandLine().getOut());
        } finally {
            opened.forEach(DataFlow::close);
        }
        return 0;
    }

    static DashboardOptions options(String bind, boolean allowActions, String user, String password, String token) {
        if (password == null) password = System.getenv("DATAFLOW_DASHBOARD_PASSWORD");
        if (token == null) token = System.getenv("DATAFLOW_DASHBOARD_TOKEN");
        if (user == null) password = null;
        return DashboardOptions.defaults().bind(bind).allowActions(allowActions).basicAuth(user, password).token(token);
    }

    /** Serves until Ctrl-C. */
    static void serve(Map<String, DataFlow> named, DashboardOptions options, PrintWriter out) throws InterruptedException {
        try (DashboardServer server = DashboardServer.start(named, options)) {
            out.println("DataFlow dashboard: " + server.url() + (options.allowActions() ? " (actions allowed)" : " (read-only)") + " — Ctrl-C stops");
            out.flush();
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
            stopped.await();
        }
    }
}
