package io.dataflow.plan;

import io.dataflow.sql.Identifiers;
import java.util.ArrayList;
import java.util.List;

/**
 * An index that might help: key columns (or one key expression), INCLUDE columns and a partial
 * predicate. Records compare by value, so the same index found twice is one candidate.
 *
 * @param table      {@code name} or {@code schema.name}
 * @param columns    key columns, in order (empty for an expression index)
 * @param expression the key expression of an expression index, else null
 * @param include    covering columns (INCLUDE)
 * @param where      the predicate of a partial index, else null
 * @param method     btree, or gin for trigram indexes
 * @param opclass    operator class for every key (gin_trgm_ops), else null
 */
public record IndexCandidate(String table, List<String> columns, String expression, List<String> include, String where,
                             String method, String opclass) {

    public IndexCandidate {
        columns = List.copyOf(columns);
        include = include == null ? List.of() : List.copyOf(include);
        method = method == null ? "btree" : method;
    }

    public static IndexCandidate of(String table, List<String> columns) {
        return new IndexCandidate(table, columns, null, List.of(), null, "btree", null);
    }

    public IndexCandidate including(List<String> value) {
        return new IndexCandidate(table, columns, expression, value, where, method, opclass);
    }

    public IndexCandidate where(String predicate) {
        return new IndexCandidate(table, columns, expression, include, predicate, method, opclass);
    }

    public static IndexCandidate expression(String table, String expression) {
        return new IndexCandidate(table, List.of(), expression, List.of(), null, "btree", null);
    }

    /** The name DataFlow suggests: idx_orders_status_created_at (63 bytes at most). */
    public String suggestedName() {
        List<String> parts = new ArrayList<>();
        parts.add("idx");
        parts.add(table.replace('.', '_'));
        if (expression != null) {
            parts.add(expression.replaceAll("[^A-Za-z0-9_]+", "_").replaceAll("^_+|_+$", ""));
        } else {
            parts.addAll(columns);
        }
        if (!include.isEmpty()) parts.add("covering");
        if (where != null) parts.add("partial");
        if (opclass != null) parts.add("trgm");
        return Identifiers.compose(parts.toArray(String[]::new));
    }

    /** {@code CREATE INDEX [CONCURRENTLY] [name] ON table ...}; a null name lets the server (or HypoPG) choose. */
    public String ddl(String name, boolean concurrently) {
        StringBuilder sb = new StringBuilder("CREATE INDEX ");
        if (concurrently) sb.append("CONCURRENTLY ");
        if (name != null) sb.append(Identifiers.quote(name)).append(' ');
        sb.append("ON ").append(Catalog.regclass(table));
        if (!"btree".equals(method)) sb.append(" USING ").append(method);
        sb.append(" (").append(keys()).append(')');
        if (!include.isEmpty()) sb.append(" INCLUDE (").append(String.join(", ", include.stream().map(Identifiers::quote).toList())).append(')');
        if (where != null) sb.append(" WHERE ").append(where);
        return sb.toString();
    }

    private String keys() {
        if (expression != null) return "(" + expression + ")" + (opclass == null ? "" : " " + opclass);
        return String.join(", ", columns.stream().map(c -> Identifiers.quote(c) + (opclass == null ? "" : " " + opclass)).toList());
    }

    /** Readable form, e.g. {@code orders (status, created_at) INCLUDE (total) WHERE status = 'x'}. */
    @Override
    public String toString() {
        return table + " (" + (expression != null ? expression : String.join(", ", columns)) + ")"
                + (include.isEmpty() ? "" : " INCLUDE (" + String.join(", ", include) + ")") + (where == null ? "" : " WHERE " + where);
    }
}
