package io.dataflow.crud.nodes;

import io.dataflow.config.ConfigException;
import io.dataflow.config.ConfigReader;
import io.dataflow.config.DidYouMean;
import io.dataflow.crud.Filters;
import io.dataflow.crud.ModelRepository;
import io.dataflow.model.FieldSpec;
import io.dataflow.model.ModelSpec;
import io.dataflow.workflow.NodeContext;
import io.dataflow.workflow.NodeDefinition;
import io.dataflow.workflow.Reference;
import io.dataflow.workflow.ValueType;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What the generated CRUD nodes share: their model, naming, and config checks against its columns. */
abstract class CrudNode implements NodeDefinition {

    protected final ModelSpec model;
    private final String suffix;

    CrudNode(ModelSpec model, String suffix) {
        this.model = model;
        this.suffix = suffix;
    }

    @Override
    public final String type() {
        return model.name() + suffix;
    }

    protected ModelRepository repository(NodeContext context) {
        return context.db().repository(model.name());
    }

    protected Set<String> columns() {
        return new LinkedHashSet<>(model.columnNames());
    }

    /** The config value type that carries a column's values (dates and ids may come as text or objects). */
    static ValueType valueType(FieldSpec field) {
        return switch (field.type()) {
            case INT, INT32 -> ValueType.INTEGER;
            case FLOAT, REAL -> ValueType.NUMBER;
            case BOOL -> ValueType.BOOLEAN;
            case STR -> ValueType.STRING;
            case DICT -> ValueType.MAP;
            case LIST -> ValueType.LIST;
            default -> ValueType.ANY;
        };
    }

    protected void checkFilter(ConfigReader config, String key) {
        Object filter = config.value(key);
        if (filter instanceof Map<?, ?> m) {
            @SuppressWarnings("unchecked")
            Map<String, ?> map = (Map<String, ?>) m;
            Filters.validate(model, map, config.where(), key);
        }
    }

    /** Keys of a fields map (or of each row of a data list) must be the model's columns. */
    protected void checkColumns(ConfigReader config, String key, Object value) {
        if (value instanceof Reference || value == null) return;
        if (value instanceof List<?> rows) {
            for (int i = 0; i < rows.size(); i++) checkColumns(config, key + "[" + i + "]", rows.get(i));
            return;
        }
        if (!(value instanceof Map<?, ?> m)) {
            throw new ConfigException(config.where(), key, "must be a mapping of column to value, got " + ConfigReader.describe(value));
        }
        for (Object k : m.keySet()) {
            if (!columns().contains(String.valueOf(k))) {
                throw new ConfigException(config.where(), key + "." + k, "'" + k + "' is not a column of " + model.name()
                        + DidYouMean.hint(String.valueOf(k), columns()) + "; columns: " + String.join(", ", columns()));
            }
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> rows(Object value) {
        return value == null ? List.of() : (List<Map<String, Object>>) value;
    }
}
