package io.dataflow.plan;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one suggestion family works with: the analyzed plan, the statement ready to be planned again,
 * its shape (null when JSqlParser cannot read it), the catalog, and the connection of a transaction
 * that will be rolled back.
 */
record OptimizerSession(Connection connection, QueryPlan plan, Explainable statement, QueryShape shape, Catalog catalog,
                        IndexCatalog indexes, SuggestOptions options) {

    static OptimizerSession open(Connection c, QueryPlan plan, SuggestOptions options) throws SQLException {
        Catalog catalog = new Catalog(c);
        QueryShape shape = PlanCapture.shapeOrNull(plan.sql(), catalog);
        BoundParameters params = BoundParameters.bind(plan.sql(), typedParams(plan), c, shape);
        return new OptimizerSession(c, plan, new Explainable.Bound(plan.sql(), params), shape, catalog, new IndexCatalog(c), options);
    }

    /** The plan's parameters with the types they were bound as (so a value given with an explicit type keeps it). */
    static Map<String, Object> typedParams(QueryPlan plan) {
        Map<String, Object> out = new LinkedHashMap<>();
        plan.params().forEach((name, value) -> {
            String type = plan.paramTypes().get(name);
            boolean pgType = type != null && !type.equals("unknown") && type.equals(type.toLowerCase(java.util.Locale.ROOT));
            out.put(name, value instanceof String s && pgType ? new TypedValue(type, s) : value);
        });
        return out;
    }

    /** The same statement, rewritten, with the same parameters. */
    Explainable rewritten(String sql) throws SQLException {
        QueryShape s = PlanCapture.shapeOrNull(sql, catalog);
        return new Explainable.Bound(sql, BoundParameters.bind(sql, typedParams(plan), connection, s));
    }

    double cost(Explainable statement) throws SQLException {
        return PlanParser.parse(statement.explain(connection, "FORMAT JSON")).root().totalCost();
    }

    /** A name not taken in the table's schema: {@code base}, else {@code base_2}, {@code base_3}... */
    String freeName(String table, String base) throws SQLException {
        int dot = table.indexOf('.');
        String schema = dot < 0 ? null : table.substring(0, dot);
        for (int i = 1; ; i++) {
            String name = i == 1 ? base : io.dataflow.sql.Identifiers.compose(base, Integer.toString(i));
            String qualified = schema == null ? io.dataflow.sql.Identifiers.quote(name)
                    : io.dataflow.sql.Identifiers.quote(schema) + "." + io.dataflow.sql.Identifiers.quote(name);
            try (PreparedStatement ps = connection.prepareStatement("SELECT to_regclass(?) IS NULL")) {
                ps.setString(1, qualified);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getBoolean(1)) return name;
                }
            }
        }
    }
}
