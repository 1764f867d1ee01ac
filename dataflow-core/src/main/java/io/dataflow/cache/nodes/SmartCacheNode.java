package io.dataflow.cache.nodes;

import io.dataflow.cache.CacheRule;
import io.dataflow.config.ConfigReader;
import io.dataflow.workflow.ConfigSchema;
import io.dataflow.workflow.KeySpec;
import io.dataflow.workflow.NodeContext;
import io.dataflow.workflow.Reference;
import io.dataflow.workflow.ValueType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The guide's SmartCacheNode: sets the cache's rules (pattern, ttl, invalidate_on, cache_warmer, key_includes). */
public final class SmartCacheNode implements io.dataflow.workflow.NodeDefinition {

    @Override
    public String type() {
        return "SmartCacheNode";
    }

    @Override
    public String description() {
        return "Caches query results by rules: the first pattern that matches a query's SQL sets its TTL and what invalidates it";
    }

    @Override
    public ConfigSchema schema() {
        return ConfigSchema.of(KeySpec.required("rules", ValueType.LIST, "the rules, first match wins").with(ConfigSchema.of(
                KeySpec.required("pattern", ValueType.STRING, "a regular expression matched against the whole SQL (case-insensitive)"),
                KeySpec.required("ttl", ValueType.NUMBER, "seconds an entry lives (0: never cache matching queries)"),
                KeySpec.optional("invalidate_on", ValueType.LIST, null, "writes that drop entries: table.insert|update|delete|*; default any write to a table read"),
                KeySpec.optional("cache_warmer", ValueType.BOOLEAN, false, "re-warm hot keys before they expire"),
                KeySpec.optional("key_includes", ValueType.LIST, null, "context values that become part of the key, e.g. user_id"))));
    }

    @Override
    public Set<String> outputs() {
        return Set.of("enabled", "backend", "rules", "notifications");
    }

    @Override
    public void validate(ConfigReader config) {
        if (config.value("rules") instanceof List<?> rules && rules.stream().noneMatch(r -> r instanceof Reference)) {
            CacheRule.parseAll(rules, config.where());
        }
    }

    @Override
    public Map<String, Object> execute(NodeContext context, Map<String, Object> config) {
        List<CacheRule> rules = CacheRule.parseAll((List<?>) config.get("rules"), "SmartCacheNode " + context.nodeId());
        context.db().cache().rules(rules);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("enabled", context.db().cache().enabled());
        out.put("backend", context.db().cache().config().backend().name().toLowerCase(java.util.Locale.ROOT));
        out.put("rules", rules.stream().map(r -> Map.of("pattern", r.name(), "ttl", r.ttl().toMillis() / 1000.0,
                "invalidate_on", r.invalidateOn().stream().map(Object::toString).toList(), "cache_warmer", r.cacheWarmer(),
                "key_includes", r.keyIncludes())).toList());
        out.put("notifications", context.db().cache().config().changeNotifications()
                ? io.dataflow.cache.ChangeNotifications.install(context.db(), rules) : List.of());
        return out;
    }
}
