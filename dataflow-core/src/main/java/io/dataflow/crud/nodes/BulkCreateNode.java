package io.dataflow.crud.nodes;

import io.dataflow.config.ConfigReader;
import io.dataflow.crud.BulkOptions;
import io.dataflow.crud.BulkResult;
import io.dataflow.model.ModelSpec;
import io.dataflow.workflow.ConfigSchema;
import io.dataflow.workflow.KeySpec;
import io.dataflow.workflow.NodeContext;
import io.dataflow.workflow.ValueType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** {@code <Model>BulkCreateNode}: many rows in one transaction, streamed through COPY when large. */
final class BulkCreateNode extends CrudNode {

    BulkCreateNode(ModelSpec model) {
        super(model, "BulkCreateNode");
    }

    @Override
    public String description() {
        return "Insert many " + model.name() + " rows in one transaction (COPY for large inputs); outputs inserted, ids, method";
    }

    @Override
    public ConfigSchema schema() {
        return ConfigSchema.of(
                KeySpec.required("data", ValueType.LIST, "the rows, each a mapping of column to value"),
                KeySpec.optional("batch_size", ValueType.INTEGER, 1000, "rows per INSERT batch"),
                KeySpec.optional("return_ids", ValueType.BOOLEAN, false, "output the new ids (uses INSERT ... RETURNING, not COPY)"));
    }

    @Override
    public Set<String> outputs() {
        return Set.of("inserted", "ids", "method");
    }

    @Override
    public void validate(ConfigReader config) {
        checkColumns(config, "data", config.value("data"));
    }

    @Override
    public Map<String, Object> execute(NodeContext context, Map<String, Object> config) {
        BulkOptions options = new BulkOptions((Integer) config.get("batch_size"), (Boolean) config.get("return_ids"), context::progress);
        BulkResult result = repository(context).bulkCreate(rows(config.get("data")), options);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("inserted", result.inserted());
        out.put("ids", result.ids());
        out.put("method", result.method());
        return out;
    }
}
