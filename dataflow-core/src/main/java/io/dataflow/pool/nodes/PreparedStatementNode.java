package io.dataflow.pool.nodes;

import io.dataflow.config.ConfigReader;
import io.dataflow.pool.StatementCacheSettings;
import io.dataflow.workflow.ConfigSchema;
import io.dataflow.workflow.KeySpec;
import io.dataflow.workflow.NodeContext;
import io.dataflow.workflow.NodeDefinition;
import io.dataflow.workflow.Reference;
import io.dataflow.workflow.ValueType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** {@code PreparedStatementNode}: reads the guide's keys into {@link StatementCacheSettings} and applies them to the pool. */
final class PreparedStatementNode implements NodeDefinition {

    @Override
    public String type() {
        return "PreparedStatementNode";
    }

    @Override
    public String description() {
        return "Statement cache of every pooled connection (pgjdbc prepareThreshold / preparedStatementCacheQueries), usage tracking,"
                + " DEALLOCATE of statements unused past a threshold, and a PgBouncer transaction-mode switch";
    }

    @Override
    public ConfigSchema schema() {
        StatementCacheSettings d = StatementCacheSettings.DEFAULT;
        return ConfigSchema.of(
                KeySpec.optional("cache_size", ValueType.INTEGER, d.cacheSize(), "statements cached per connection (preparedStatementCacheQueries)"),
                KeySpec.optional("cache_size_mib", ValueType.INTEGER, d.cacheSizeMib(), "memory bound of each connection's cache (preparedStatementCacheSizeMiB)"),
                KeySpec.optional("prepare_threshold", ValueType.INTEGER, d.prepareThreshold(), "executions before a statement is prepared on the server"),
                KeySpec.optional("track_usage", ValueType.BOOLEAN, true, "count executions and cache hits per statement"),
                KeySpec.optional("eviction_policy", ValueType.STRING, "lru", "how a full cache makes room (pgjdbc's cache is an LRU)").oneOf("lru"),
                KeySpec.optional("deallocate_unused", ValueType.MAP, null, "enabled (false) and threshold in seconds (3600)").with(ConfigSchema.of(
                        KeySpec.optional("enabled", ValueType.BOOLEAN, false, "DEALLOCATE statements unused for threshold seconds"),
                        KeySpec.optional("threshold", ValueType.NUMBER, 3600, "seconds unused before a statement is deallocated"))),
                KeySpec.optional("pgbouncer_transaction_mode", ValueType.BOOLEAN, null,
                        "true: no named statements (prepareThreshold 0); unset: detected from the connection"));
    }

    @Override
    public Set<String> outputs() {
        return Set.of("prepare_threshold", "cache_size", "cache_size_mib", "track_usage", "eviction_policy", "deallocate_after_s",
                "pgbouncer_transaction_mode", "tracked_statements", "hit_rate");
    }

    @Override
    public void validate(ConfigReader config) {
        if (config.raw().values().stream().noneMatch(v -> v instanceof Reference)) settings(config);
    }

    @Override
    public Map<String, Object> execute(NodeContext context, Map<String, Object> config) {
        ConfigReader reader = ConfigReader.of("PreparedStatementNode '" + context.nodeId() + "'", config);
        StatementCacheSettings applied = context.db().preparedStatements().configure(settings(reader), !reader.has("pgbouncer_transaction_mode")
                || reader.value("pgbouncer_transaction_mode") == null);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("prepare_threshold", applied.effectivePrepareThreshold());
        out.put("cache_size", applied.cacheSize());
        out.put("cache_size_mib", applied.cacheSizeMib());
        out.put("track_usage", applied.trackUsage());
        out.put("eviction_policy", applied.evictionPolicy());
        out.put("deallocate_after_s", applied.deallocateSeconds());
        out.put("pgbouncer_transaction_mode", applied.pgbouncerTransactionMode());
        out.put("tracked_statements", context.db().preparedStatements().tracker().usage().size());
        out.put("hit_rate", context.db().preparedStatements().tracker().hitRate());
        return out;
    }

    static StatementCacheSettings settings(ConfigReader config) {
        StatementCacheSettings d = StatementCacheSettings.DEFAULT;
        ConfigReader dealloc = config.optSection("deallocate_unused").orElse(ConfigReader.of(config.where(), Map.of()));
        double threshold = dealloc.bool("enabled", false) ? dealloc.optNumber("threshold").orElse(3600.0) : 0;
        if (dealloc.bool("enabled", false) && threshold <= 0) throw dealloc.error("threshold", "must be more than 0 seconds, got " + threshold);
        return new StatementCacheSettings(config.integer("cache_size", d.cacheSize()), config.integer("cache_size_mib", d.cacheSizeMib()),
                config.integer("prepare_threshold", d.prepareThreshold()), config.bool("track_usage", true),
                config.optString("eviction_policy").orElse("lru"), threshold, config.bool("pgbouncer_transaction_mode", false));
    }
}
