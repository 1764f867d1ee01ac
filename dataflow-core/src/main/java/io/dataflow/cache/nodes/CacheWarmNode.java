package io.dataflow.cache.nodes;

import io.dataflow.cache.CacheWarmer;
import io.dataflow.workflow.ConfigSchema;
import io.dataflow.workflow.KeySpec;
import io.dataflow.workflow.NodeContext;
import io.dataflow.workflow.ValueType;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Warms one query now: what the scheduled jobs of CacheWarmerNode run. */
public final class CacheWarmNode implements io.dataflow.workflow.NodeDefinition {

    @Override
    public String type() {
        return CacheWarmer.WARM_NODE;
    }

    @Override
    public String description() {
        return "Runs one query and replaces its cache entry (a CacheWarmerNode job)";
    }

    @Override
    public ConfigSchema schema() {
        return ConfigSchema.of(
                KeySpec.required("name", ValueType.STRING, "the query's name"),
                KeySpec.required("query", ValueType.STRING, "a SELECT"),
                KeySpec.optional("schedule_ttl", ValueType.INTEGER, 3600, "seconds the entry lives when no rule matches the query"),
                KeySpec.optional("priority", ValueType.STRING, "normal", "low or normal").oneOf("low", "normal"));
    }

    @Override
    public Set<String> outputs() {
        return Set.of("name", "job", "rows", "status", "duration_ms");
    }

    @Override
    public Map<String, Object> execute(NodeContext context, Map<String, Object> config) {
        String name = (String) config.get("name");
        CacheWarmer.WarmResult r = new CacheWarmer(context.db()).warm(name, CacheWarmer.jobName(name), (String) config.get("query"),
                Duration.ofSeconds(((Number) config.get("schedule_ttl")).longValue()),
                CacheWarmer.Priority.valueOf(((String) config.get("priority")).toUpperCase(Locale.ROOT)));
        return WarmOutputs.of(r);
    }
}
