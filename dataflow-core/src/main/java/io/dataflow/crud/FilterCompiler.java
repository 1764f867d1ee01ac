package io.dataflow.crud;

import static io.dataflow.sql.Identifiers.quote;

import io.dataflow.config.ConfigException;
import io.dataflow.config.DidYouMean;
import io.dataflow.model.FieldSpec;
import io.dataflow.model.FieldType;
import io.dataflow.model.ModelSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Walks one filter (see {@link Filters}). With a {@link ColumnValues} it also converts and collects
 * the parameters; without one it only checks the shape, so validation and compilation cannot drift apart.
 */
final class FilterCompiler {

    private final ModelSpec model;
    private final String where;
    private final ColumnValues values;
    private final List<Object> params = new ArrayList<>();

    FilterCompiler(ModelSpec model, String where, ColumnValues values) {
        this.model = model;
        this.where = where;
        this.values = values;
    }

    List<Object> params() {
        return params;
    }

    String compile(Map<String, ?> filter, String path) {
        if (filter == null || filter.isEmpty()) return "TRUE";
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, ?> e : filter.entrySet()) {
            String key = e.getKey();
            String p = path + "." + key;
            if (key == null) throw error(path, "a filter key is null");
            parts.add(key.startsWith("$") ? combinator(key, e.getValue(), p)
                    : column(ModelColumns.require(model, key, where, p), e.getValue(), p));
        }
        return parts.size() == 1 ? parts.get(0) : "(" + String.join(" AND ", parts) + ")";
    }

    private String combinator(String op, Object arg, String p) {
        if (!Filters.COMBINATORS.contains(op)) {
            throw error(p, "unknown operator '" + op + "' at the top of a filter" + DidYouMean.hint(op, Filters.COMBINATORS)
                    + "; accepted here: $and, $or (column operators go inside a column, e.g. {\"total\": {\"$gte\": 10}})");
        }
        List<?> list = asList(arg);
        if (list == null || list.isEmpty()) throw error(p, op + " needs a non-empty list of filters, got " + BadValue.describe(arg));
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map<?, ?> m)) {
                throw error(p + "[" + i + "]", "each " + op + " item must be a filter (a map), got " + BadValue.describe(list.get(i)));
            }
            @SuppressWarnings("unchecked") Map<String, ?> sub = (Map<String, ?>) m;
            parts.add(compile(sub, p + "[" + i + "]"));
        }
        return parts.size() == 1 ? parts.get(0) : "(" + String.join(op.equals("$and") ? " AND " : " OR ", parts) + ")";
    }

    private String column(FieldSpec field, Object value, String p) {
        String col = quote(field.name());
        if (value == null) return col + " IS NULL";
        if (value instanceof Map<?, ?> m && isOperatorMap(field, m, p)) {
            List<String> parts = new ArrayList<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String op = String.valueOf(e.getKey());
                parts.add(operator(field, op, e.getValue(), p + "." + op));
            }
            return parts.size() == 1 ? parts.get(0) : "(" + String.join(" AND ", parts) + ")";
        }
        requireScalar(field, value, p, "a value");
        return col + " = " + param(field, value, p);
    }

    /** {"$gte": 1} is operators; {"a": 1} is a value only for a dict column; mixing both is refused. */
    private boolean isOperatorMap(FieldSpec field, Map<?, ?> m, String p) {
        long ops = m.keySet().stream().filter(k -> String.valueOf(k).startsWith("$")).count();
        if (ops > 0 && ops < m.size()) throw error(p, "mixes operators and plain keys; operators are: " + String.join(", ", Filters.OPERATORS));
        if (ops > 0) return true;
        if (field.type() == FieldType.DICT) return false;
        throw error(p, m.isEmpty() ? "an empty map is neither a value nor operators; operators are: " + String.join(", ", Filters.OPERATORS)
                : "a map is not a value for column " + field.name() + " (" + field.type().guideName() + "); operators start with $: "
                + String.join(", ", Filters.OPERATORS));
    }

    private String operator(FieldSpec field, String op, Object arg, String p) {
        String col = quote(field.name());
        switch (op) {
            case "$eq":
                if (arg == null) return col + " IS NULL";
                requireScalar(field, arg, p, "$eq's value");
                return col + " = " + param(field, arg, p);
            case "$ne":
                if (arg == null) return col + " IS NOT NULL";
                requireScalar(field, arg, p, "$ne's value");
                return col + " IS DISTINCT FROM " + param(field, arg, p);
            case "$gt", "$gte", "$lt", "$lte":
                if (arg == null) throw error(p, op + " needs a value to compare with, not null");
                requireScalar(field, arg, p, op + "'s value");
                return col + " " + comparison(op) + " " + param(field, arg, p);
            case "$in", "$nin":
                return membership(field, op, arg, p);
            case "$like", "$ilike":
                if (field.type() != FieldType.STR) {
                    throw error(p, op + " applies to text columns; " + field.name() + " is " + field.type().guideName());
                }
                if (!(arg instanceof CharSequence)) throw error(p, op + " needs a text pattern such as 'abc%', got " + BadValue.describe(arg));
                return col + (op.equals("$like") ? " LIKE " : " ILIKE ") + param(field, arg, p);
            case "$null":
                if (!(arg instanceof Boolean b)) throw error(p, "$null takes true (IS NULL) or false (IS NOT NULL), got " + BadValue.describe(arg));
                return col + (b ? " IS NULL" : " IS NOT NULL");
            default:
                throw error(p, "unknown operator '" + op + "'" + DidYouMean.hint(op, Filters.OPERATORS)
                        + "; accepted: " + String.join(", ", Filters.OPERATORS)
                        + (Filters.COMBINATORS.contains(op) ? " ($and and $or combine whole filters at the top level)" : ""));
        }
    }

    private String membership(FieldSpec field, String op, Object arg, String p) {
        List<?> list = asList(arg);
        if (list == null) throw error(p, op + " needs a list of values, got " + BadValue.describe(arg));
        boolean in = op.equals("$in");
        String col = quote(field.name());
        boolean hasNull = list.stream().anyMatch(java.util.Objects::isNull);
        List<?> nonNull = list.stream().filter(v -> v != null).toList();
        String any;
        if (nonNull.isEmpty()) {
            any = null;
        } else {
            String[] texts = new String[nonNull.size()];
            for (int i = 0; i < texts.length; i++) {
                requireScalar(field, nonNull.get(i), p, "each " + op + " item");
                texts[i] = values == null ? null : PgText.of(values.toJdbc(field, nonNull.get(i), p + "[" + i + "]"));
            }
            params.add(new SqlArray(PgText.typeName(field.type()), texts));
            any = col + " = ANY(?)";
        }
        if (in) {
            if (any == null) return hasNull ? col + " IS NULL" : "FALSE";
            return hasNull ? "(" + any + " OR " + col + " IS NULL)" : any;
        }
        if (any == null) return hasNull ? col + " IS NOT NULL" : "TRUE";
        // NOT (x = ANY(...)) is NULL for a NULL x; MongoDB's $nin keeps such rows unless null is excluded.
        return hasNull ? "(" + col + " IS NOT NULL AND NOT " + any + ")" : "(" + col + " IS NULL OR NOT " + any + ")";
    }

    private void requireScalar(FieldSpec field, Object v, String p, String what) {
        if (asList(v) != null && field.type() != FieldType.LIST) {
            throw error(p, what + " for column " + field.name() + " (" + field.type().guideName() + ") cannot be a list"
                    + (what.equals("a value") ? "; to match any of several values write {\"$in\": [...]}" : ""));
        }
    }

    private String param(FieldSpec field, Object value, String p) {
        if (values != null) params.add(values.toJdbc(field, value, p));
        return "?";
    }

    private static String comparison(String op) {
        return switch (op) {
            case "$gt" -> ">";
            case "$gte" -> ">=";
            case "$lt" -> "<";
            default -> "<=";
        };
    }

    static List<?> asList(Object v) {
        if (v instanceof List<?> l) return l;
        if (v instanceof Collection<?> c) return new ArrayList<>(c);
        if (v instanceof Object[] a) return Arrays.asList(a);
        return null;
    }

    private ConfigException error(String key, String problem) {
        return new ConfigException(where, key, problem);
    }
}
