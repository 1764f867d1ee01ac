package io.dataflow.plan;

import io.dataflow.plan.QueryShape.NonSargable;
import io.dataflow.plan.QueryShape.Wrap;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code filter_pushdown}: predicates applied later than they could be. Non-sargable predicates (a
 * function, cast or arithmetic around a column, a leading-wildcard LIKE) get the sargable rewrite
 * when one exists and an expression (or trigram) index otherwise; a filter on a MATERIALIZED CTE's
 * scan gets the CTE inlined; a range on one side of an inner join's equality is stated on the other
 * side too ({@link TransitiveRanges}). Every rewrite is planned and kept only if it lowers the cost. (HAVING
 * conditions without aggregates need no rewrite: PostgreSQL's planner moves them into WHERE itself.)
 */
final class FilterPushdown {

    List<Suggestion> suggest(OptimizerSession s, WhatIf w) throws SQLException {
        List<Suggestion> out = new ArrayList<>();
        double before = w.explain(s.statement(), List.of()).cost();
        if (s.shape() != null) {
            for (NonSargable ns : s.shape().nonSargable()) {
                if (ns.wrap() == Wrap.LEADING_WILDCARD) {
                    trigram(s, ns, before).ifPresent(out::add);
                    continue;
                }
                if (ns.rewrite() != null) rewrite(s, w, ns, before).ifPresent(out::add);
                expressionIndex(s, w, ns, before).ifPresent(out::add);
            }
        }
        materializedCtes(s, before).forEach(out::add);
        transitiveRanges(s, before).ifPresent(out::add);
        return out;
    }

    private Optional<Suggestion> rewrite(OptimizerSession s, WhatIf w, NonSargable ns, double before) throws SQLException {
        Optional<String> sql = SqlRewriter.replacePredicate(s.plan().sql(), ns.predicate(), ns.rewrite());
        if (sql.isEmpty()) return Optional.empty();
        IndexCandidate plain = IndexCandidate.of(ns.column().table(), List.of(ns.column().column()));
        boolean indexed = s.indexes().indexes(ns.column().table()).stream().anyMatch(e -> e.covers(plain));
        WhatIf.Explained after = w.explain(s.rewritten(sql.get()), indexed ? List.of() : List.of(plain));
        if (after.cost() > before * (1 - s.options().minGain())) return Optional.empty();
        Map<String, Object> details = details(ns);
        details.put("rewritten_predicate", ns.rewrite());
        if (!indexed) details.put("requires_index", plain.ddl(s.freeName(plain.table(), plain.suggestedName()), true));
        String explanation = String.format("%s hides %s from its index; %s is the same condition on the bare column%s.",
                ns.predicate(), ns.column(), ns.rewrite(), indexed ? "" : " (with an index on " + plain + ", see requires_index)");
        return Optional.of(new Suggestion(SuggestionKind.FILTER_PUSHDOWN.key(), "rewrite", explanation, sql.get(), before, after.cost(),
                null, null, details));
    }

    private Optional<Suggestion> expressionIndex(OptimizerSession s, WhatIf w, NonSargable ns, double before) throws SQLException {
        IndexCandidate c = IndexCandidate.expression(ns.column().table(), ns.expression());
        if (s.indexes().indexes(c.table()).stream().anyMatch(e -> e.covers(c))) return Optional.empty();
        WhatIf.Explained after = w.explain(s.statement(), List.of(c));
        if (!after.used().contains(c) || after.cost() > before * (1 - s.options().minGain())) return Optional.empty();
        Map<String, Object> details = details(ns);
        details.put("size_bytes", w.sizeBytes(c));
        details.put("what_if", w.mode());
        String explanation = String.format("%s cannot use an index on %s; an index on the expression (%s) serves it as written.",
                ns.predicate(), ns.column(), ns.expression());
        return Optional.of(new Suggestion(SuggestionKind.FILTER_PUSHDOWN.key(), "expression_index", explanation,
                c.ddl(s.freeName(c.table(), c.suggestedName()), true), before, after.cost(), null, null, details));
    }

    /** Leading wildcards need a trigram index (pg_trgm); built inside a savepoint to plan with it, since HypoPG cannot make GIN indexes. */
    private Optional<Suggestion> trigram(OptimizerSession s, NonSargable ns, double before) throws SQLException {
        IndexCandidate c = new IndexCandidate(ns.column().table(), List.of(ns.column().column()), null, List.of(), null, "gin", "gin_trgm_ops");
        String name = s.freeName(c.table(), c.suggestedName());
        Map<String, Object> details = details(ns);
        if (!installed(s, "pg_trgm")) {
            boolean scanned = s.plan().findings().stream().anyMatch(f -> f.kind().equals("seq_scan_filter")
                    && f.node().contains(" on " + ns.column().table().substring(ns.column().table().indexOf('.') + 1)));
            if (!scanned) return Optional.empty();
            details.put("not_measured", "pg_trgm is not installed");
            return Optional.of(new Suggestion(SuggestionKind.FILTER_PUSHDOWN.key(), "trigram_index", ns.predicate()
                    + " starts with a wildcard, so no btree index can serve it; a trigram index can (not measured: pg_trgm is not installed).",
                    "CREATE EXTENSION IF NOT EXISTS pg_trgm; " + c.ddl(name, true), before, null, null, null, details));
        }
        java.sql.Savepoint sp = s.connection().setSavepoint();
        try (java.sql.Statement st = s.connection().createStatement()) {
            String probe = "dataflow_whatif_trgm_" + java.util.UUID.randomUUID().toString().substring(0, 8);
            st.execute(c.ddl(probe, false));
            PlanNode after = PlanParser.parse(s.statement().explain(s.connection(), "FORMAT JSON")).root();
            boolean used = after.flatten().stream().anyMatch(n -> probe.equals(n.index()));
            if (!used || after.totalCost() > before * (1 - s.options().minGain())) return Optional.empty();
            return Optional.of(new Suggestion(SuggestionKind.FILTER_PUSHDOWN.key(), "trigram_index", ns.predicate()
                    + " starts with a wildcard, so no btree index can serve it; a trigram index can.", c.ddl(name, true),
                    before, after.totalCost(), null, null, details));
        } catch (SQLException e) {
            if (RolledBack.isTimeout(e)) throw e;
            return Optional.empty();
        } finally {
            s.connection().rollback(sp); // the probe index is built only inside this savepoint
            s.connection().releaseSavepoint(sp);
        }
    }

    /** A CTE Scan whose filter discards rows the CTE computed for nothing: inline the CTE so the filter reaches its tables. */
    private List<Suggestion> materializedCtes(OptimizerSession s, double before) throws SQLException {
        List<Suggestion> out = new ArrayList<>();
        for (PlanNode n : s.plan().plan().flatten()) {
            if (!n.nodeType().equals("CTE Scan") || n.filter() == null || n.alias() == null) continue;
            String cte = QueryShapeReader.name(n.relation() != null ? n.relation() : n.alias());
            Optional<String> sql = SqlRewriter.inlineCte(s.plan().sql(), cte);
            if (sql.isEmpty()) continue;
            double after = s.cost(s.rewritten(sql.get()));
            if (after > before * (1 - s.options().minGain())) continue;
            out.add(new Suggestion(SuggestionKind.FILTER_PUSHDOWN.key(), "rewrite", String.format("The filter %s is applied to all rows of"
                    + " the MATERIALIZED CTE %s; without MATERIALIZED the planner pushes it into the CTE's own scans.", n.filter(), cte),
                    sql.get(), before, after, null, null, Map.of("cte", cte, "filter", n.filter())));
        }
        return out;
    }

    /** Ranges on one side of an inner join's equality, stated on the other side too (PostgreSQL carries only equalities across). */
    private Optional<Suggestion> transitiveRanges(OptimizerSession s, double before) throws SQLException {
        Optional<TransitiveRanges.Rewrite> r = TransitiveRanges.apply(s.plan().sql(), (table, column) -> columnType(s, table, column));
        if (r.isEmpty()) return Optional.empty();
        double after = s.cost(s.rewritten(r.get().sql()));
        if (after > before * (1 - s.options().minGain())) return Optional.empty();
        return Optional.of(new Suggestion(SuggestionKind.FILTER_PUSHDOWN.key(), "rewrite", String.format("PostgreSQL carries equalities"
                + " across a join but not ranges, so %s is applied only after the join reads the other table; stated on the other side of the"
                + " join's equality it filters that table first (the inner join's result is the same).", String.join(" AND ", r.get().added())),
                r.get().sql(), before, after, null, null, Map.of("added", r.get().added())));
    }

    private static String columnType(OptimizerSession s, String table, String column) {
        String name = column.startsWith("\"") ? column.substring(1, column.length() - 1).replace("\"\"", "\"") : column.toLowerCase(java.util.Locale.ROOT);
        try (PreparedStatement ps = s.connection().prepareStatement("SELECT format_type(atttypid, atttypmod) FROM pg_attribute"
                + " WHERE attrelid = to_regclass(?) AND attname = ? AND NOT attisdropped")) {
            ps.setString(1, table);
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            return null;
        }
    }

    private static Map<String, Object> details(NonSargable ns) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("table", ns.column().table());
        d.put("column", ns.column().column());
        d.put("predicate", ns.predicate());
        d.put("wrapped_by", ns.wrap().name().toLowerCase(java.util.Locale.ROOT));
        return d;
    }

    private static boolean installed(OptimizerSession s, String extension) throws SQLException {
        try (PreparedStatement ps = s.connection().prepareStatement("SELECT 1 FROM pg_extension WHERE extname = ?")) {
            ps.setString(1, extension);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
