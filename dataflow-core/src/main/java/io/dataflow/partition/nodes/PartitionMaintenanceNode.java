package io.dataflow.partition.nodes;

import io.dataflow.Json;
import io.dataflow.config.ConfigReader;
import io.dataflow.partition.Operation;
import io.dataflow.partition.Partitions;
import io.dataflow.workflow.ConfigSchema;
import io.dataflow.workflow.KeySpec;
import io.dataflow.workflow.NodeContext;
import io.dataflow.workflow.NodeDefinition;
import io.dataflow.workflow.Reference;
import io.dataflow.workflow.ValueType;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The guide's PartitionMaintenanceNode: {@code operations} run in order on one partitioned model. */
public final class PartitionMaintenanceNode implements NodeDefinition {

    @Override
    public String type() {
        return Partitions.NODE;
    }

    @Override
    public String description() {
        return "Creates partitions ahead, compresses, archives (verified) and drops old partitions of a partitioned model";
    }

    @Override
    public ConfigSchema schema() {
        ConfigSchema operation = ConfigSchema.of(
                KeySpec.required("type", ValueType.STRING, "the operation").oneOf(Operation.TYPES.toArray(String[]::new)),
                KeySpec.optional("months_ahead", ValueType.INTEGER, null, "create_future: months of partitions ahead of now (default: the model's create_ahead intervals)"),
                KeySpec.optional("older_than_months", ValueType.INTEGER, null, "partitions wholly older than this many months (default: from the model's retention)"),
                KeySpec.optional("compression", ValueType.STRING, null, "compress_old: lz4 (zstd/pglz accepted, see notes); archive: zstd (default), lz4, gzip, none"),
                KeySpec.optional("destination", ValueType.STRING, null, "archive: file:///dir/ or s3://bucket/prefix/"),
                KeySpec.optional("format", ValueType.STRING, "text", "archive: COPY format, text or csv").oneOf("text", "csv"),
                KeySpec.optional("s3", ValueType.MAP, null, "archive to S3: endpoint, region, access_key_id, secret_access_key, path_style"));
        return ConfigSchema.of(
                KeySpec.required("model", ValueType.STRING, "the partitioned model"),
                KeySpec.required("operations", ValueType.LIST, "create_future, compress_old, archive, drop; run in order").with(operation),
                KeySpec.optional("dry_run", ValueType.BOOLEAN, false, "only say what would be done"));
    }

    @Override
    public Set<String> outputs() {
        return Set.of("model", "table", "dry_run", "actions", "notes");
    }

    @Override
    public void validate(ConfigReader config) {
        Object ops = config.value("operations");
        if (ops instanceof List<?> list && list.stream().noneMatch(o -> o instanceof Reference || (o instanceof Map<?, ?> m
                && m.values().stream().anyMatch(v -> v instanceof Reference)))) {
            Operation.parse(config.where(), "operations", list);
        }
    }

    @Override
    public Map<String, Object> execute(NodeContext context, Map<String, Object> config) {
        List<Operation> ops = Operation.parse(context.nodeId(), "operations", (List<?>) config.get("operations"));
        var report = context.db().partitions().maintain((String) config.get("model"), ops, Boolean.TRUE.equals(config.get("dry_run")));
        @SuppressWarnings("unchecked")
        Map<String, Object> out = Json.mapper().convertValue(report, Map.class);
        return out;
    }
}
