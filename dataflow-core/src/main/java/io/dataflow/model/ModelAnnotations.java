package io.dataflow.model;

import io.dataflow.config.ConfigException;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns an annotated record or class into the map form and reads it with {@link ModelSpecReader},
 * so that annotations, maps and YAML share one set of rules and produce identical specs.
 */
final class ModelAnnotations {

    private ModelAnnotations() {
    }

    static ModelSpec read(Class<?> type) {
        Model model = type.getAnnotation(Model.class);
        if (model == null) {
            throw new ConfigException("model " + type.getName(), null, "the class is not annotated with @Model");
        }
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", model.name().isEmpty() ? type.getSimpleName() : model.name());
        if (!model.table().isEmpty()) map.put("table", model.table());
        map.put("fields", fields(type));
        Map<String, Object> options = new LinkedHashMap<>();
        if (model.indexes().length > 0) options.put("indexes", Arrays.stream(model.indexes()).map(ModelAnnotations::index).toList());
        if (!model.partitioning().strategy().isEmpty()) options.put("partitioning", partitioning(model.partitioning()));
        if (!model.optimisticLock().isEmpty()) options.put("optimistic_lock", model.optimisticLock());
        if (model.retryOnConflict() >= 0) options.put("retry_on_conflict", model.retryOnConflict());
        map.put("dataflow", options);
        return ModelSpecReader.read(map);
    }

    private static Map<String, Object> fields(Class<?> type) {
        Map<String, Object> fields = new LinkedHashMap<>();
        if (type.isRecord()) {
            for (RecordComponent c : type.getRecordComponents()) {
                fields.put(c.getName(), field(type, c.getName(), c.getType(), c.getAnnotation(Field.class)));
            }
        } else {
            for (java.lang.reflect.Field f : type.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) || f.isSynthetic()) continue;
                fields.put(f.getName(), field(type, f.getName(), f.getType(), f.getAnnotation(Field.class)));
            }
        }
        return fields;
    }

    private static Object field(Class<?> model, String name, Class<?> javaType, Field options) {
        String typeName;
        if (options != null && !options.type().isEmpty()) {
            typeName = options.type();
        } else {
            typeName = FieldType.ofJava(javaType).map(FieldType::guideName).orElseThrow(() -> new ConfigException(
                    "model " + model.getSimpleName(), "fields." + name, "Java type " + javaType.getName()
                    + " has no column type; use one of long, int, String, double, boolean, Instant, LocalDate, "
                    + "LocalDateTime, BigDecimal, UUID, byte[], Map, List, or set @Field(type=...)"));
        }
        if (options == null || (options.defaultValue().isEmpty() && options.nullable())) return typeName;
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("type", typeName);
        if (!options.defaultValue().isEmpty()) spec.put("default", options.defaultValue());
        if (!options.nullable()) spec.put("nullable", false);
        return spec;
    }

    private static Object index(Model.Index index) {
        boolean plain = index.expression().isEmpty() && index.include().length == 0 && index.where().isEmpty()
                && index.name().isEmpty() && !index.unique() && index.method().equals("btree");
        if (plain) return List.of(index.fields());
        Map<String, Object> map = new LinkedHashMap<>();
        if (index.fields().length > 0) map.put("fields", List.of(index.fields()));
        if (!index.expression().isEmpty()) map.put("expression", index.expression());
        if (index.include().length > 0) map.put("include", List.of(index.include()));
        if (!index.where().isEmpty()) map.put("where", index.where());
        if (!index.name().isEmpty()) map.put("name", index.name());
        if (index.unique()) map.put("unique", true);
        if (!index.method().equals("btree")) map.put("method", index.method());
        return map;
    }

    private static Map<String, Object> partitioning(Model.Partitioning p) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("strategy", p.strategy());
        map.put("key", p.key());
        if (!p.interval().isEmpty()) map.put("interval", p.interval());
        Model.Retention r = p.retention();
        Map<String, Object> retention = new LinkedHashMap<>();
        if (r.keepMonths() >= 0) retention.put("keep_months", r.keepMonths());
        if (r.archiveMonths() >= 0) retention.put("archive_months", r.archiveMonths());
        if (r.deleteAfter() >= 0) retention.put("delete_after", r.deleteAfter());
        if (!retention.isEmpty()) map.put("retention", retention);
        Model.Automatic a = p.automatic();
        Map<String, Object> automatic = new LinkedHashMap<>();
        if (a.createAhead() >= 0) automatic.put("create_ahead", a.createAhead());
        if (!a.maintenanceSchedule().isEmpty()) automatic.put("maintenance_schedule", a.maintenanceSchedule());
        if (!automatic.isEmpty()) map.put("automatic", automatic);
        if (p.partitions().length > 0) {
            Map<String, Object> parts = new LinkedHashMap<>();
            for (Model.ListPartition lp : p.partitions()) parts.put(lp.name(), new ArrayList<>(List.of(lp.values())));
            map.put("partitions", parts);
        }
        if (p.hashPartitions() > 0) map.put("partitions", p.hashPartitions());
        return map;
    }
}
