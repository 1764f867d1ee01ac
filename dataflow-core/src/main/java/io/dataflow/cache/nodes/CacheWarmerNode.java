package io.dataflow.cache.nodes;

import io.dataflow.cache.CacheWarmer;
import io.dataflow.cache.SqlAnalysis;
import io.dataflow.config.ConfigException;
import io.dataflow.config.ConfigReader;
import io.dataflow.schedule.Schedule;
import io.dataflow.workflow.ConfigSchema;
import io.dataflow.workflow.KeySpec;
import io.dataflow.workflow.NodeContext;
import io.dataflow.workflow.ValueType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The guide's CacheWarmerNode: queries re-run on their schedules, warmed once now. */
public final class CacheWarmerNode implements io.dataflow.workflow.NodeDefinition {

    @Override
    public String type() {
        return "CacheWarmerNode";
    }

    @Override
    public String description() {
        return "Warms the cache with named queries now and on their schedules (jobs of the scheduler)";
    }

    @Override
    public ConfigSchema schema() {
        return ConfigSchema.of(
                KeySpec.required("queries", ValueType.LIST, "the queries to keep warm").with(ConfigSchema.of(
                        KeySpec.required("name", ValueType.STRING, "names the job: cache_warm:<name>"),
                        KeySpec.required("query", ValueType.STRING, "a SELECT"),
                        KeySpec.required("schedule", ValueType.STRING, "a 5-field cron expression or hourly/daily/..."))),
                KeySpec.optional("parallel_warming", ValueType.BOOLEAN, false, "warm the queries at the same time"),
                KeySpec.optional("priority", ValueType.STRING, "normal", "low: one connection at a time, only while the pool is not busy").oneOf("low", "normal"));
    }

    @Override
    public Set<String> outputs() {
        return Set.of("warmed", "jobs");
    }

    @Override
    public void validate(ConfigReader config) {
        queries(config);
    }

    static List<CacheWarmer.WarmQuery> queries(ConfigReader config) {
        List<?> list = config.list("queries");
        List<CacheWarmer.WarmQuery> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map<?, ?>)) continue; // a reference, checked when it is resolved
            ConfigReader q = config.child("queries[" + i + "]", list.get(i));
            String name = q.string("name");
            if (!name.matches("[A-Za-z0-9_.-]{1,180}")) throw q.error("name", "'" + name + "' must be 1-180 letters, digits, _ . or -");
            if (!names.add(name)) throw q.error("name", "'" + name + "' is used by two queries");
            String sql = q.string("query");
            SqlAnalysis a = SqlAnalysis.of(sql);
            if (!a.readOnly() || !a.parsed()) throw q.error("query", "must be one SELECT that parses; got '" + sql.strip() + "'");
            if (!a.parsed()) throw new ConfigException(config.where(), q.path("query"), "does not parse");
            String schedule = q.string("schedule");
            Schedule.parse(schedule, config.where(), q.path("schedule"));
            out.add(new CacheWarmer.WarmQuery(name, sql, schedule));
        }
        return out;
    }

    @Override
    public Map<String, Object> execute(NodeContext context, Map<String, Object> config) {
        List<CacheWarmer.WarmQuery> queries = queries(ConfigReader.of("CacheWarmerNode " + context.nodeId(), config));
        CacheWarmer.Priority priority = CacheWarmer.Priority.valueOf(((String) config.get("priority")).toUpperCase(Locale.ROOT));
        List<CacheWarmer.WarmResult> results = new CacheWarmer(context.db()).register(queries,
                Boolean.TRUE.equals(config.get("parallel_warming")), priority);
        return Map.of("warmed", results.stream().map(WarmOutputs::of).toList(),
                "jobs", results.stream().map(CacheWarmer.WarmResult::job).toList());
    }
}
