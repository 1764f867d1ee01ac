package io.dataflow.crud;

import io.dataflow.config.ConfigException;
import io.dataflow.config.DidYouMean;
import io.dataflow.model.FieldSpec;
import io.dataflow.model.IndexSpec;
import io.dataflow.model.ModelSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/** Which names a model accepts: every column name that reaches SQL passes through here first. */
final class ModelColumns {

    private ModelColumns() {
    }

    static FieldSpec require(ModelSpec model, String column, String where, String key) {
        return model.field(column).orElseThrow(() -> unknown(model, column, where, key));
    }

    static ConfigException unknown(ModelSpec model, String column, String where, String key) {
        return new ConfigException(where, key, "unknown column '" + column + "'" + DidYouMean.hint(column, model.columnNames())
                + "; model " + model.name() + " has: " + String.join(", ", model.columnNames()));
    }

    static String where(ModelSpec model) {
        return "model " + model.name();
    }

    /** The primary key: id, plus the partition key on a partitioned table (PostgreSQL requires it). */
    static List<String> primaryKey(ModelSpec model) {
        List<String> pk = new ArrayList<>(List.of("id"));
        if (model.partitioning() != null && !model.partitioning().key().equals("id")) pk.add(model.partitioning().key());
        return pk;
    }

    /** The column sets an ON CONFLICT can name: the primary key and each plain unique index. */
    static List<List<String>> uniqueKeys(ModelSpec model) {
        List<List<String>> out = new ArrayList<>();
        out.add(primaryKey(model));
        for (IndexSpec i : model.indexes()) {
            if (i.unique() && i.where() == null && !i.isExpression()) out.add(i.fields());
        }
        return out;
    }

    static boolean sameColumns(Collection<String> a, Collection<String> b) {
        return a.size() == b.size() && Set.copyOf(a).equals(Set.copyOf(b));
    }
}
