package io.dataflow.plan;

import io.dataflow.sql.Identifiers;
import io.dataflow.sql.SqlLexer;
import io.dataflow.sql.SqlToken;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns a workload into plannable statements, and collects the advisor's candidates from them. */
final class AdvisorQueries {

    private AdvisorQueries() {
    }

    static List<AdvisorQuery> prepare(Connection c, Workload workload, List<String> notes) throws SQLException {
        return prepare(c, workload, notes, new java.util.LinkedHashMap<>());
    }

    /**
     * The plannable statements. From pg_stat_statements, statements that read no user table are left
     * out and counted in {@code leftOut} by reason: system_catalogs_only (DataFlow's own catalog
     * queries, a driver's metadata calls), dataflow_own (DataFlow's schema: monitor, state, history)
     * and no_table ({@code SELECT 1}, {@code set_config}); no index of the application helps them.
     */
    static List<AdvisorQuery> prepare(Connection c, Workload workload, List<String> notes, Map<String, Integer> leftOut) throws SQLException {
        Catalog catalog = new Catalog(c);
        List<AdvisorQuery> out = new ArrayList<>();
        for (WorkloadQuery wq : workload.queries()) {
            boolean fromStats = wq.source().startsWith("pg_stat_statements:");
            CheckedStatement st;
            try {
                st = CheckedStatement.of(wq.sql());
            } catch (PlanException e) {
                if (fromStats) {
                    notes.add(wq.source() + " skipped: " + e.getMessage());
                    continue;
                }
                throw new PlanException(wq.source() + ": " + e.getMessage(), e.position(), e);
            }
            int positional = positionalParameters(st.sql());
            if (positional == 0 && !io.dataflow.sql.NamedParameters.parse(st.sql()).names().isEmpty()) {
                throw new PlanException(wq.source() + ": workload statements take literal values or $1..$n, not :name placeholders");
            }
            Explainable statement = positional > 0 ? new Explainable.Generic(st.sql(), positional)
                    : new Explainable.Bound(st.sql(), BoundParameters.bind(st.sql(), Map.of(), c, null));
            PlanNode base;
            Savepoint sp = c.setSavepoint();
            try {
                base = PlanParser.parse(statement.explain(c, "FORMAT JSON")).root();
                c.releaseSavepoint(sp);
            } catch (SQLException e) {
                if (RolledBack.isTimeout(e)) throw e;
                c.rollback(sp);
                c.releaseSavepoint(sp);
                PlanException failure = PlanCapture.serverError(e, st.sql(), "EXPLAIN (FORMAT JSON) ");
                if (fromStats) {
                    notes.add(wq.source() + " skipped: " + failure.getMessage());
                    continue;
                }
                throw new PlanException(wq.source() + ": " + failure.getMessage(), failure.position(), e);
            }
            QueryShape shape = PlanCapture.shapeOrNull(st.sql(), catalog);
            if (shape == null) notes.add(wq.source() + ": JSqlParser cannot read it; it counts in costs but brings no candidates");
            Set<String> tables = new LinkedHashSet<>();
            if (shape != null) tables.addAll(shape.tables());
            base.walk(n -> {
                if (n.relation() != null) tables.add(n.schema() == null || n.schema().equals("public") ? n.relation() : n.schema() + "." + n.relation());
            });
            if (fromStats) {
                String why = leftOutReason(c, tables);
                if (why != null) {
                    leftOut.merge(why, 1, Integer::sum);
                    continue;
                }
            }
            out.add(new AdvisorQuery(wq, statement, shape, tables, st.command()));
        }
        return out;
    }

    /** Why a statement touching these tables is not the application's, or null when it is. */
    private static String leftOutReason(Connection c, Set<String> tables) throws SQLException {
        boolean own = false;
        boolean any = false;
        for (String t : tables) {
            String schema = schemaOf(c, t);
            if (schema == null) continue; // a CTE's name, or a plan's unqualified name for a table off the search_path
            any = true;
            if (schema.equals("dataflow")) {
                own = true;
            } else if (!isSystem(schema)) {
                return null;
            }
        }
        return !any ? "no_table" : own ? "dataflow_own" : "system_catalogs_only";
    }

    static boolean isSystem(String schema) {
        return schema.equals("pg_catalog") || schema.equals("information_schema") || schema.startsWith("pg_toast");
    }

    private static String schemaOf(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT n.nspname FROM pg_class k JOIN pg_namespace n ON n.oid = k.relnamespace"
                + " WHERE k.oid = to_regclass(?)")) {
            ps.setString(1, Catalog.regclass(table));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** The highest {@code $n} in the statement (outside strings and comments), or 0. */
    static int positionalParameters(String sql) {
        List<SqlToken> tokens = SqlLexer.tokenize(sql);
        int max = 0;
        for (int i = 0; i + 1 < tokens.size(); i++) {
            SqlToken t = tokens.get(i);
            SqlToken next = tokens.get(i + 1);
            if (t.text().equals("$") && next.kind() == SqlToken.Kind.NUMBER && next.offset() == t.offset() + 1 && next.text().matches("\\d+")) {
                max = Math.max(max, Integer.parseInt(next.text()));
            }
        }
        return max;
    }

    /** Every statement's candidates; partial ones only for constant predicates that recur in two or more statements. */
    static List<IndexCandidate> candidates(Connection c, List<AdvisorQuery> queries) throws SQLException {
        IndexCatalog indexes = new IndexCatalog(c);
        Map<CandidateGenerator.PartialPredicate, Integer> recurring = new HashMap<>();
        for (AdvisorQuery q : queries) {
            if (q.shape() == null) continue;
            Set<CandidateGenerator.PartialPredicate> seen = new LinkedHashSet<>();
            for (QueryShape.Predicate p : q.shape().predicates()) {
                if (p.op() == QueryShape.Op.EQ && p.operand() == QueryShape.Operand.CONSTANT) {
                    seen.add(new CandidateGenerator.PartialPredicate(p.column().table(), Identifiers.quote(p.column().column()) + " = " + p.constant()));
                }
            }
            seen.forEach(p -> recurring.merge(p, 1, Integer::sum));
        }
        CandidateGenerator generator = new CandidateGenerator(indexes::distinct, indexes::indexes);
        Set<IndexCandidate> out = new LinkedHashSet<>();
        for (AdvisorQuery q : queries) {
            if (q.shape() != null) out.addAll(generator.candidates(q.shape(), p -> recurring.getOrDefault(p, 0) >= 2));
        }
        Set<String> plain = plainTables(c, out.stream().map(IndexCandidate::table).collect(java.util.stream.Collectors.toSet()));
        out.removeIf(ix -> !plain.contains(ix.table())); // partitioned tables cannot take CREATE INDEX CONCURRENTLY, system catalogs no index
        return List.copyOf(out);
    }

    private static Set<String> plainTables(Connection c, Set<String> tables) throws SQLException {
        Set<String> out = new LinkedHashSet<>();
        for (String t : tables) {
            try (PreparedStatement ps = c.prepareStatement("SELECT relkind = 'r' AND relnamespace::regnamespace::text NOT IN ('pg_catalog', 'information_schema', 'dataflow')"
                    + " FROM pg_class WHERE oid = to_regclass(?)")) {
                ps.setString(1, Catalog.regclass(t));
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getBoolean(1)) out.add(t);
                }
            }
        }
        return out;
    }
}
