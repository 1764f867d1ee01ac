package io.dataflow.plan;

import io.dataflow.sql.Identifiers;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.SelectItem;

/**
 * {@code materialized_views}: an aggregate that reads many rows to return few, with no parameters,
 * is suggested as a materialized view: as SQL and as a ready MaterializedViewNode config (unique
 * index on the grouping keys, so it can be refreshed concurrently). The view is created and read
 * inside a savepoint that is rolled back, for its cost and time.
 */
final class MaterializedViews {

    static final double MIN_ROWS_READ = 10_000;
    static final double MIN_COST = 1_000;
    static final String SCHEDULE = "0 */4 * * *";

    List<Suggestion> suggest(OptimizerSession s) throws SQLException {
        QueryPlan plan = s.plan();
        if (s.shape() == null || !s.shape().aggregates() || !plan.params().isEmpty() || plan.modifiesData()) return List.of();
        PlanNode aggregate = plan.plan().flatten().stream().filter(n -> n.nodeType().equals("Aggregate")).findFirst().orElse(null);
        if (aggregate == null || aggregate.totalCost() < MIN_COST) return List.of();
        double read = aggregate.flatten().stream().filter(n -> n.relation() != null).mapToDouble(MaterializedViews::rowsRead).sum();
        if (read < MIN_ROWS_READ) return List.of();
        String first = s.shape().tables().stream().sorted().findFirst().orElse("view");
        String name = s.freeName(first, Identifiers.compose("mv", String.join("_", s.shape().tables().stream().sorted()
                .map(t -> t.substring(t.indexOf('.') + 1)).toList()), Integer.toHexString(plan.sql().hashCode() & 0xfffff)));
        List<String> keys = groupingKeys(plan.sql()).orElse(List.of());
        String create = "CREATE MATERIALIZED VIEW " + Identifiers.quote(name) + " AS " + plan.sql().strip();
        String index = keys.isEmpty() ? null : "CREATE UNIQUE INDEX ON " + Identifiers.quote(name) + " ("
                + String.join(", ", keys.stream().map(Identifiers::quote).toList()) + ")";
        double[] after = measured(s, plan.sql());
        if (after == null || after[0] > aggregate.totalCost() * (1 - s.options().minGain())) return List.of();

        Map<String, Object> refresh = new LinkedHashMap<>();
        refresh.put("method", keys.isEmpty() ? "complete" : "concurrent");
        refresh.put("schedule", SCHEDULE);
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("name", name);
        node.put("query", plan.sql().strip());
        node.put("indexes", keys);
        node.put("refresh", refresh);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("node_type", "MaterializedViewNode");
        details.put("node_config", node);
        details.put("rows_read", read);
        details.put("rows_returned", plan.plan().totalRows());
        String explanation = String.format("The aggregate reads %,.0f rows to return %,.0f; reading them from a materialized view"
                + " refreshed %s (%s) costs %.2f instead of %.2f.", read, plan.plan().totalRows(),
                keys.isEmpty() ? "completely" : "concurrently", SCHEDULE, after[0], plan.totalCost());
        return List.of(new Suggestion(SuggestionKind.MATERIALIZED_VIEWS.key(), "materialized_view", explanation,
                index == null ? create : create + "; " + index, plan.totalCost(), after[0], plan.executionMs(),
                after[1] < 0 ? null : after[1], details));
    }

    /** Rows a scan read: returned plus filtered out (actual when executed, else the estimate). */
    private static double rowsRead(PlanNode n) {
        if (!n.executed()) return n.planRows();
        long loops = n.loops();
        return (n.actualRows() + (n.rowsRemovedByFilter() == null ? 0 : n.rowsRemovedByFilter())) * loops;
    }

    /** {cost, ms} of reading the view, created in a savepoint that is rolled back; null if it cannot be created. */
    private static double[] measured(OptimizerSession s, String sql) throws SQLException {
        String probe = "dataflow_whatif_mv_" + java.util.UUID.randomUUID().toString().substring(0, 8);
        Savepoint before = s.connection().setSavepoint();
        try (Statement st = s.connection().createStatement()) {
            st.execute("CREATE MATERIALIZED VIEW " + probe + " AS " + sql.strip());
            st.execute("ANALYZE " + probe);
            Explainable read = new Explainable.Bound("SELECT * FROM " + probe,
                    new BoundParameters("SELECT * FROM " + probe, List.of(), List.of(), Map.of()));
            String options = s.plan().analyzed() && s.options().measure() ? "ANALYZE true, TIMING false, FORMAT JSON" : "FORMAT JSON";
            PlanParser.Parsed p = PlanParser.parse(read.explain(s.connection(), options));
            return new double[] {p.root().totalCost(), p.executionMs() == null ? -1 : p.executionMs()};
        } catch (SQLException e) {
            if (RolledBack.isTimeout(e)) throw e;
            return null;
        } finally {
            s.connection().rollback(before);
            s.connection().releaseSavepoint(before);
        }
    }

    /** The view's column names for the GROUP BY keys (aliases, column names, or positions), if every key has one. */
    static Optional<List<String>> groupingKeys(String sql) {
        PlainSelect select;
        try {
            if (!(io.dataflow.sql.SqlParser.statement(sql) instanceof PlainSelect p) || p.getGroupBy() == null) return Optional.empty();
            select = p;
        } catch (io.dataflow.sql.SqlParseException e) {
            return Optional.empty();
        }
        List<String> out = new ArrayList<>();
        for (Object g : select.getGroupBy().getGroupByExpressionList()) {
            SelectItem<?> item = null;
            if (g instanceof LongValue position && position.getValue() >= 1 && position.getValue() <= select.getSelectItems().size()) {
                item = select.getSelectItems().get((int) position.getValue() - 1);
            } else {
                for (SelectItem<?> i : select.getSelectItems()) {
                    if (i.getExpression().toString().equalsIgnoreCase(g.toString())) item = i;
                }
            }
            if (item == null) return Optional.empty();
            if (item.getAlias() != null) {
                out.add(QueryShapeReader.name(item.getAlias().getName()));
            } else if (item.getExpression() instanceof Column c) {
                out.add(QueryShapeReader.name(c.getColumnName()));
            } else {
                return Optional.empty();
            }
        }
        return out.stream().distinct().count() == out.size() ? Optional.of(out) : Optional.empty();
    }
}
