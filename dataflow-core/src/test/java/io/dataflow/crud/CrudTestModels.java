package io.dataflow.crud;

import io.dataflow.model.ModelSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/** Models for the CRUD tests; shared with dataflow-it through core's test jar. */
public final class CrudTestModels {

    private CrudTestModels() {
    }

    /** One column per field type, plus created_at/updated_at managed by the repository. */
    public static ModelSpec allTypes() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", "int");
        fields.put("n_int", "int");
        fields.put("n_int32", "int32");
        fields.put("s_str", "str");
        fields.put("f_float", "float");
        fields.put("r_real", "real");
        fields.put("b_bool", "bool");
        fields.put("t_datetime", "datetime");
        fields.put("t_timestamp", "timestamp");
        fields.put("d_date", "date");
        fields.put("j_dict", "dict");
        fields.put("j_list", "list");
        fields.put("m_decimal", "decimal");
        fields.put("u_uuid", "uuid");
        fields.put("x_bytes", "bytes");
        fields.put("created_at", "datetime");
        fields.put("updated_at", "datetime");
        return ModelSpec.fromMap(Map.of("name", "Sample", "fields", fields));
    }

    /** The guide's Product: an optimistic-lock version column. */
    public static ModelSpec product() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", "int");
        fields.put("name", "str");
        fields.put("price", "float");
        fields.put("version", Map.of("type", "int", "default", 1));
        return ModelSpec.fromMap(Map.of("name", "Product", "fields", fields,
                "dataflow", Map.of("optimistic_lock", "version", "retry_on_conflict", 3)));
    }

    /** The guide's ProductStats: a unique index on product_id. */
    public static ModelSpec productStats() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", "int");
        fields.put("product_id", "int");
        fields.put("view_count", "int");
        fields.put("sale_count", "int");
        return ModelSpec.fromMap(Map.of("name", "ProductStats", "fields", fields, "dataflow", Map.of("indexes", java.util.List.of(
                Map.of("fields", java.util.List.of("product_id"), "unique", true, "name", "idx_product_stats_product"),
                Map.of("fields", java.util.List.of("view_count"))))));
    }
}
