package io.dataflow.crud.nodes;

import io.dataflow.config.ConfigException;
import io.dataflow.config.ConfigReader;
import io.dataflow.config.DidYouMean;
import io.dataflow.crud.ListResult;
import io.dataflow.crud.OrderBy;
import io.dataflow.crud.Query;
import io.dataflow.model.ModelSpec;
import io.dataflow.workflow.ConfigSchema;
import io.dataflow.workflow.KeySpec;
import io.dataflow.workflow.NodeContext;
import io.dataflow.workflow.ValueType;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code <Model>ListNode}: {filter, order_by, limit, offset}. */
final class ListNode extends CrudNode {

    ListNode(ModelSpec model) {
        super(model, "ListNode");
    }

    @Override
    public String description() {
        return "List " + model.name() + " rows by a filter ($eq $ne $gt $gte $lt $lte $in $nin $like $ilike $null, $and/$or); outputs rows and count";
    }

    @Override
    public ConfigSchema schema() {
        return ConfigSchema.of(
                KeySpec.optional("filter", ValueType.MAP, null, "which rows; all when absent"),
                KeySpec.optional("order_by", ValueType.ANY, null, "a column or list of columns; '-col' or 'col desc' sorts descending"),
                KeySpec.optional("limit", ValueType.INTEGER, null, "at most this many rows"),
                KeySpec.optional("offset", ValueType.INTEGER, null, "skip this many rows first"));
    }

    @Override
    public Set<String> outputs() {
        return Set.of("rows", "count");
    }

    @Override
    public void validate(ConfigReader config) {
        checkFilter(config, "filter");
        for (String spec : orderSpecs(config.value("order_by"), config)) {
            String column = OrderBy.parse(spec).column();
            if (!columns().contains(column)) {
                throw new ConfigException(config.where(), "order_by", "'" + column + "' is not a column of " + model.name()
                        + DidYouMean.hint(column, columns()));
            }
        }
    }

    private static List<String> orderSpecs(Object value, ConfigReader config) {
        if (value == null || value instanceof io.dataflow.workflow.Reference) return List.of();
        if (value instanceof String s) return List.of(s);
        if (value instanceof List<?> l && l.stream().allMatch(String.class::isInstance)) return l.stream().map(String.class::cast).toList();
        throw new ConfigException(config.where(), "order_by", "must be a column name or a list of them, got " + ConfigReader.describe(value));
    }

    @Override
    public Map<String, Object> execute(NodeContext context, Map<String, Object> config) {
        List<OrderBy> order = orderSpecs(config.get("order_by"), ConfigReader.of(type(), config)).stream().map(OrderBy::parse).toList();
        ListResult result = repository(context).list(new Query(map(config.get("filter")), order,
                (Integer) config.get("limit"), (Integer) config.get("offset")));
        return Map.of("rows", result.rows(), "count", result.count());
    }
}
