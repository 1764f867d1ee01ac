package io.dataflow.cli;

import io.dataflow.DataFlow;
import io.dataflow.DataFlowException;
import io.dataflow.Json;
import io.dataflow.cache.CacheConfig;
import io.dataflow.cache.CacheOverview;
import io.dataflow.cache.DatabaseIdentity;
import io.dataflow.cache.QueryCache;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "cache", mixinStandardHelpOptions = true,
        description = "The shared query cache in Redis, for one database (--url, DATABASE_URL, else the embedded one): "
                + "status (default; its entries and generation counters), "
                + "invalidate TABLE... (drops every entry of that database that depends on them, e.g. after a bulk load outside DataFlow).")
final class CacheCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", defaultValue = "status", description = "status or invalidate")
    String action;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "TABLE", description = "Tables to invalidate")
    List<String> tables = List.of();

    @Option(names = "--redis", paramLabel = "URL", description = "The cache's Redis (default: REDIS_URL); several for a Redis Cluster")
    List<String> redis = List.of();

    @Option(names = "--namespace", description = "The cache_config namespace (default: dataflow:queries)")
    String namespace = "dataflow:queries";

    /** The database whose keys to address: a Redis namespace holds the entries of every database using it. */
    @picocli.CommandLine.Mixin
    ConnectionOptionsMixin connection;

    @Option(names = "--json", description = "Print JSON")
    boolean json;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (!List.of("status", "invalidate").contains(action)) {
            throw new DataFlowException("unknown action '" + action + "': use status, or invalidate TABLE...");
        }
        if (action.equals("invalidate") && tables.isEmpty()) throw new DataFlowException("invalidate needs at least one TABLE");
        List<String> urls = redis.isEmpty() && System.getenv("REDIS_URL") != null ? List.of(System.getenv("REDIS_URL")) : redis;
        if (urls.isEmpty()) {
            throw new DataFlowException("give --redis URL (or REDIS_URL): a memory cache lives inside its application's process, "
                    + "so only a Redis cache can be looked at from here");
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("backend", "redis");
        config.put("redis_url", urls.size() == 1 ? urls.get(0) : urls);
        config.put("namespace", namespace);
        PrintWriter out = spec.commandLine().getOut();
        CacheConfig parsed = CacheConfig.parse(config);
        DatabaseIdentity database;
        try (DataFlow db = connection.options.open()) {
            database = DatabaseIdentity.read(db.dataSource());
        }
        try (QueryCache cache = QueryCache.detached(parsed, database)) {
            if (action.equals("invalidate")) {
                cache.invalidateNow(tables);
                out.println(json ? Json.write(Map.of("invalidated", tables, "scope", database.scope()))
                        : "invalidated every entry of " + database + " that depends on " + String.join(", ", tables));
                return 0;
            }
            CacheOverview o = cache.overview();
            if (json) {
                out.println(Json.write(o));
                return 0;
            }
            out.printf("%s cache, namespace %s, %s (keys %s:%s:*): %,d %s%n", o.backend(), o.namespace(), o.database(), o.namespace(),
                    o.scope(), o.entries(), o.entries() == 1 ? "entry" : "entries");
            if (o.counters().isEmpty()) out.println("No generation counters yet: nothing has been written through DataFlow.");
            o.counters().forEach((name, state) -> out.printf("  %-32s %s%n", name, state < 0 ? "write under way" : "generation " + state));
        }
        return 0;
    }
}
