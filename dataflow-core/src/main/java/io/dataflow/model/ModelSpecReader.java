package io.dataflow.model;

import io.dataflow.config.ConfigException;
import io.dataflow.config.ConfigReader;
import io.dataflow.config.DidYouMean;
import io.dataflow.sql.Identifiers;
import io.dataflow.sql.SqlFragments;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads and validates a model from its map form; annotated classes and YAML go through here too. */
final class ModelSpecReader {

    static final Set<String> MODEL_KEYS = Set.of("name", "table", "fields", "dataflow", "__dataflow__");
    static final Set<String> DATAFLOW_KEYS = Set.of("indexes", "partitioning", "optimistic_lock", "retry_on_conflict");
    static final Set<String> FIELD_KEYS = Set.of("type", "default", "nullable");
    static final Set<String> INDEX_KEYS = Set.of("fields", "expression", "include", "where", "name", "unique", "method");
    static final Set<String> PARTITIONING_KEYS = Set.of("strategy", "key", "interval", "retention", "automatic", "partitions");
    static final Set<String> RETENTION_KEYS = Set.of("keep_months", "archive_months", "delete_after");
    static final Set<String> AUTOMATIC_KEYS = Set.of("create_ahead", "maintenance_schedule");
    static final List<String> SCHEDULE_WORDS = List.of("hourly", "daily", "weekly", "monthly");
    static final int DEFAULT_RETRY_ON_CONFLICT = 3;
    static final int DEFAULT_CREATE_AHEAD = 3;

    private ModelSpecReader() {
    }

    static ModelSpec read(Map<String, ?> map) {
        ConfigReader root = ConfigReader.of("model", map);
        String name = root.string("name");
        ConfigReader model = root.withWhere("model " + name).allowOnly(MODEL_KEYS);
        if (model.has("dataflow") && model.has("__dataflow__")) {
            throw model.error("__dataflow__", "give either 'dataflow' or '__dataflow__', not both");
        }
        String table = tableName(model, name);
        List<FieldSpec> declared = readFields(model);
        ConfigReader options = model.optSection("dataflow").or(() -> model.optSection("__dataflow__"))
                .orElse(ConfigReader.of(model.where(), Map.of()))
                .allowOnly(DATAFLOW_KEYS);

        PartitioningSpec partitioning = options.optSection("partitioning").map(p -> readPartitioning(p, declared)).orElse(null);
        List<FieldSpec> fields = partitioning == null ? declared : requireNotNull(declared, partitioning.key());
        String lock = options.optString("optimistic_lock").orElse(null);
        if (lock != null) fields = lockColumn(options, fields, Naming.snakeCase(lock));
        int retry = options.optInteger("retry_on_conflict").orElse(DEFAULT_RETRY_ON_CONFLICT);
        if (retry < 0) throw options.error("retry_on_conflict", "must be 0 or more, got " + retry);
        List<IndexSpec> indexes = readIndexes(options, table, fields);
        return new ModelSpec(name, table, fields, indexes, partitioning, lock == null ? null : Naming.snakeCase(lock), retry);
    }

    /**
     * The 'table' the user wrote, or the one derived from 'name': a refusal names the key the user
     * wrote and shows the value as written (not a derived name the user never saw).
     */
    private static String tableName(ConfigReader model, String name) {
        if (model.has("table")) return Identifiers.require(model.string("table"), model.where(), "table");
        if (!Identifiers.isValid(name)) {
            throw new ConfigException("model", "name", "'" + name + "' is not an accepted model name: use letters, digits, _ or $,"
                    + " starting with a letter or _ (or give the table's name in 'table')");
        }
        String derived = Naming.tableName(name);
        if (!Identifiers.isValid(derived)) {
            throw new ConfigException("model", "name", "'" + name + "' gives the table name '" + derived + "', longer than "
                    + Identifiers.MAX_LENGTH + " bytes: use a shorter name or give the table's name in 'table'");
        }
        return derived;
    }

    private static List<FieldSpec> readFields(ConfigReader model) {
        ConfigReader section = model.section("fields");
        List<FieldSpec> fields = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String raw : section.keys()) {
            String column = Identifiers.require(Naming.snakeCase(raw), model.where(), section.path(raw));
            if (!seen.add(column)) throw section.error(raw, "field '" + column + "' is declared twice");
            fields.add(readField(section, raw, column));
        }
        FieldSpec id = fields.stream().filter(f -> f.name().equals("id")).findFirst()
                .orElse(new FieldSpec("id", FieldType.INT, false, null));
        fields.removeIf(f -> f.name().equals("id"));
        fields.add(0, id.withNullable(false));
        return fields;
    }

    private static FieldSpec readField(ConfigReader section, String raw, String column) {
        Object value = section.value(raw);
        if (value instanceof String typeName) {
            return new FieldSpec(column, type(section, raw, typeName), true, null);
        }
        ConfigReader field = section.child(raw, value).allowOnly(FIELD_KEYS);
        FieldType type = type(field, "type", field.string("type"));
        boolean nullable = field.bool("nullable", true);
        Object def = field.has("default") ? defaultValue(field, type, field.value("default")) : null;
        return new FieldSpec(column, type, nullable, def);
    }

    private static FieldType type(ConfigReader reader, String key, String typeName) {
        return FieldType.byName(typeName).orElseThrow(() -> reader.error(key, "unknown type '" + typeName + "'"
                + DidYouMean.hint(typeName, FieldType.acceptedNames()) + "; accepted types: " + String.join(", ", FieldType.acceptedNames())));
    }

    /** Defaults are constants, normalised per type so that every model source yields equal specs. */
    static Object defaultValue(ConfigReader reader, FieldType type, Object value) {
        String text = String.valueOf(value);
        try {
            return switch (type) {
                case INT -> value instanceof Number n && !(value instanceof Double) ? n.longValue() : Long.parseLong(text);
                case INT32 -> value instanceof Integer i ? i.longValue() : (long) Integer.parseInt(text);
                case FLOAT, REAL -> value instanceof Number n ? n.doubleValue() : Double.parseDouble(text);
                case DECIMAL -> new BigDecimal(text);
                case BOOL -> {
                    if (value instanceof Boolean b) yield b;
                    if (text.equals("true") || text.equals("false")) yield Boolean.parseBoolean(text);
                    throw new NumberFormatException();
                }
                case STR, DATETIME, TIMESTAMP, DATE, UUID -> text;
                case DICT, LIST, BYTES -> throw reader.error("default", "a default is not supported for type " + type.guideName());
            };
        } catch (NumberFormatException e) {
            throw reader.error("default", "'" + text + "' is not a valid " + type.guideName() + " value");
        }
    }

    private static List<FieldSpec> requireNotNull(List<FieldSpec> fields, String column) {
        return fields.stream().map(f -> f.name().equals(column) ? f.withNullable(false) : f).toList();
    }

    /** The version column must be a whole number that is never NULL and starts at 1. */
    private static List<FieldSpec> lockColumn(ConfigReader options, List<FieldSpec> fields, String column) {
        Identifiers.require(column, options.where(), options.path("optimistic_lock"));
        List<FieldSpec> out = new ArrayList<>(fields);
        FieldSpec existing = fields.stream().filter(f -> f.name().equals(column)).findFirst().orElse(null);
        if (existing == null) {
            out.add(new FieldSpec(column, FieldType.INT, false, 1L));
            return out;
        }
        if (existing.type() != FieldType.INT && existing.type() != FieldType.INT32) {
            throw options.error("optimistic_lock", "the version column '" + column + "' must be of type int, not " + existing.type().guideName());
        }
        FieldSpec lock = existing.withNullable(false).withDefault(existing.defaultValue() == null ? Long.valueOf(1L) : existing.defaultValue());
        out.set(out.indexOf(existing), lock);
        return out;
    }

    private static PartitioningSpec readPartitioning(ConfigReader p, List<FieldSpec> fields) {
        p.allowOnly(PARTITIONING_KEYS);
        String strategy = p.string("strategy");
        String key = Naming.snakeCase(p.string("key"));
        FieldSpec keyField = fields.stream().filter(f -> f.name().equals(key)).findFirst().orElseThrow(() -> p.error("key",
                "'" + key + "' is not a field of the model" + DidYouMean.hint(key, names(fields))));
        switch (strategy) {
            case "range" -> {
                onlyFor(p, "range", Set.of("strategy", "key", "interval", "retention", "automatic"));
                String intervalName = p.string("interval");
                PartitionInterval interval = PartitionInterval.byName(intervalName).orElseThrow(() -> p.error("interval",
                        "unknown interval '" + intervalName + "'; accepted: " + String.join(", ", PartitionInterval.names())));
                if (!keyField.type().isTemporal()) {
                    throw p.error("key", "a range partition key with a time interval must be a datetime, timestamp or date field; '"
                            + key + "' is " + keyField.type().guideName());
                }
                PartitioningSpec.Retention retention = p.optSection("retention").map(ModelSpecReader::readRetention).orElse(null);
                boolean automated = p.optSection("automatic").isPresent();
                ConfigReader automatic = p.optSection("automatic").orElse(ConfigReader.of(p.where(), Map.of())).allowOnly(AUTOMATIC_KEYS);
                int ahead = automatic.optInteger("create_ahead").orElse(DEFAULT_CREATE_AHEAD);
                if (ahead < 0 || ahead > 120) throw automatic.error("create_ahead", "must be between 0 and 120, got " + ahead);
                String schedule = automatic.optString("maintenance_schedule").orElse("daily");
                if (!SCHEDULE_WORDS.contains(schedule) && schedule.trim().split("\\s+").length != 5) {
                    throw automatic.error("maintenance_schedule", "'" + schedule + "' is neither one of "
                            + String.join(", ", SCHEDULE_WORDS) + " nor a 5-field cron expression");
                }
                return new PartitioningSpec.Range(key, interval, retention, ahead, automated ? schedule : null);
            }
            case "list" -> {
                onlyFor(p, "list", Set.of("strategy", "key", "partitions"));
                return readList(p, key);
            }
            case "hash" -> {
                onlyFor(p, "hash", Set.of("strategy", "key", "partitions"));
                int n = p.optInteger("partitions").orElseThrow(() -> p.error("partitions", "is required for hash partitioning (how many)"));
                if (n < 2 || n > 1024) throw p.error("partitions", "must be between 2 and 1024, got " + n);
                return new PartitioningSpec.Hash(key, n);
            }
            default -> throw p.error("strategy", "unknown strategy '" + strategy + "'" + DidYouMean.hint(strategy, List.of("range", "list", "hash"))
                    + "; accepted: range, list, hash");
        }
    }

    private static void onlyFor(ConfigReader p, String strategy, Set<String> allowed) {
        for (String k : p.keys()) {
            if (!allowed.contains(k)) throw p.error(k, "does not apply to " + strategy + " partitioning");
        }
    }

    private static PartitioningSpec.Retention readRetention(ConfigReader r) {
        r.allowOnly(RETENTION_KEYS);
        int keep = r.integer("keep_months", -1);
        int archive = r.integer("archive_months", -1);
        int delete = r.integer("delete_after", -1);
        for (String k : RETENTION_KEYS) {
            if (r.has(k) && r.integer(k, 0) < 1) throw r.error(k, "must be 1 or more months");
        }
        if (keep > 0 && archive > 0 && archive < keep) throw r.error("archive_months", "must not be less than keep_months (" + keep + ")");
        int before = Math.max(keep, archive);
        if (delete > 0 && delete < before) throw r.error("delete_after", "must not be less than keep_months and archive_months (" + before + ")");
        return new PartitioningSpec.Retention(keep, archive, delete);
    }

    private static PartitioningSpec.ListOf readList(ConfigReader p, String key) {
        ConfigReader parts = p.section("partitions");
        Map<String, List<String>> out = new LinkedHashMap<>();
        Map<String, String> owner = new HashMap<>();
        for (String part : parts.keys()) {
            Identifiers.require(part, p.where(), parts.path(part));
            Object raw = parts.value(part);
            if (!(raw instanceof List<?> values) || values.isEmpty()) {
                throw parts.error(part, "must be a non-empty list of " + key + " values");
            }
            List<String> texts = new ArrayList<>();
            for (Object v : values) {
                if (v == null || v instanceof Map || v instanceof List) throw parts.error(part, "values must be plain values, got " + ConfigReader.describe(v));
                String text = String.valueOf(v);
                String previous = owner.put(text, part);
                if (previous != null) throw parts.error(part, "value '" + text + "' is already in partition " + previous);
                texts.add(text);
            }
            out.put(part, texts);
        }
        if (out.isEmpty()) throw p.error("partitions", "must name at least one partition");
        return new PartitioningSpec.ListOf(key, out);
    }

    private static List<IndexSpec> readIndexes(ConfigReader options, String table, List<FieldSpec> fields) {
        List<?> raw = options.list("indexes");
        List<IndexSpec> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < raw.size(); i++) {
            IndexSpec index = readIndex(options, "indexes[" + i + "]", raw.get(i), table, fields);
            if (!names.add(index.name())) throw options.error("indexes[" + i + "]", "a second index is named '" + index.name() + "'");
            out.add(index);
        }
        return out;
    }

    private static IndexSpec readIndex(ConfigReader options, String path, Object raw, String table, List<FieldSpec> fields) {
        Set<String> columns = names(fields);
        if (raw instanceof List<?>) {
            List<String> cols = columnsOf(options.where(), options.path(path), (List<?>) raw, columns);
            return new IndexSpec(generatedName(table, cols, null), cols, null, List.of(), null, false, "btree", false);
        }
        ConfigReader index = options.child(path, raw).allowOnly(INDEX_KEYS);
        String name = index.optString("name").orElse(null);
        String where = "model " + options.where().substring("model ".length()) + ", index " + (name != null ? name : path);
        index = index.withWhere(where);
        if (index.has("fields") == index.has("expression")) {
            throw index.error(null, "give either 'fields' (a column list) or 'expression', exactly one of them");
        }
        List<String> cols = index.has("fields") ? columnsOf(where, index.path("fields"), index.list("fields"), columns) : List.of();
        List<String> include = index.has("include") ? columnsOf(where, index.path("include"), index.list("include"), columns) : List.of();
        String method = index.optString("method").orElse("btree");
        if (!IndexSpec.METHODS.contains(method)) {
            throw index.error("method", "unknown index method '" + method + "'" + DidYouMean.hint(method, IndexSpec.METHODS)
                    + "; accepted: " + String.join(", ", IndexSpec.METHODS));
        }
        boolean unique = index.bool("unique", false);
        if (unique && !method.equals("btree")) throw index.error("unique", "only btree indexes can be unique, not " + method);
        if (!include.isEmpty() && !Set.of("btree", "gist", "spgist").contains(method)) {
            throw index.error("include", "INCLUDE columns need a btree, gist or spgist index, not " + method);
        }
        if (method.equals("hash") && cols.size() > 1) throw index.error("fields", "a hash index takes exactly one column");
        String expression = index.optString("expression").orElse(null);
        if (expression != null) SqlFragments.expression(expression, where, index.path("expression"), table, columns);
        String predicate = index.optString("where").orElse(null);
        if (predicate != null) SqlFragments.expression(predicate, where, index.path("where"), table, columns);
        if (name != null) Identifiers.require(name, where, index.path("name"));
        String finalName = name != null ? name : generatedName(table, cols, expression);
        return new IndexSpec(finalName, cols, expression, include, predicate, unique, method, name != null);
    }

    private static List<String> columnsOf(String where, String path, List<?> raw, Set<String> columns) {
        List<String> cols = new ArrayList<>();
        for (Object item : raw) {
            if (!(item instanceof String s) || s.isBlank()) {
                throw new ConfigException(where, path, "must be a list of column names, got " + ConfigReader.describe(item));
            }
            String c = Naming.snakeCase(s);
            if (!columns.contains(c)) {
                throw new ConfigException(where, path, "'" + c + "' is not a field of the model" + DidYouMean.hint(c, columns));
            }
            cols.add(c);
        }
        if (cols.isEmpty()) throw new ConfigException(where, path, "must list at least one column");
        if (new HashSet<>(cols).size() != cols.size()) throw new ConfigException(where, path, "lists a column twice");
        return cols;
    }

    /** PostgreSQL's own convention: table_col1_col2_idx, kept within 63 bytes. */
    static String generatedName(String table, List<String> cols, String expression) {
        if (expression != null) {
            return Identifiers.compose(table, "expr", Integer.toHexString(expression.hashCode() & 0xfffffff), "idx");
        }
        List<String> parts = new ArrayList<>();
        parts.add(table);
        parts.addAll(cols);
        parts.add("idx");
        return Identifiers.compose(parts.toArray(String[]::new));
    }

    private static Set<String> names(List<FieldSpec> fields) {
        Set<String> out = new java.util.LinkedHashSet<>();
        fields.forEach(f -> out.add(f.name()));
        return out;
    }
}
