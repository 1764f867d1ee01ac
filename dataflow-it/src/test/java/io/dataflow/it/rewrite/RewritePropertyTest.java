package io.dataflow.it.rewrite;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.it.TestServers;
import io.dataflow.rewrite.Optimization;
import io.dataflow.rewrite.RewriteOptions;
import io.dataflow.rewrite.RewriteReport;
import io.dataflow.rewrite.Rewriter;
import io.dataflow.rewrite.VerifyOptions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;
import net.jqwik.api.statistics.Statistics;

/**
 * For data with NULLs, duplicates and users without orders, and correlated aggregate queries from a
 * grammar (aggregate × comparison × constant × extra filter × correlation × select-list use × outer
 * filter × outer join), the rewrite returns exactly the original's rows on PostgreSQL, or is declined.
 * The same for EXISTS / NOT EXISTS / IN / NOT IN under AND and OR, sargable predicates and OR → IN, and
 * for the shapes PostgreSQL leaves as SubPlans (EXISTS with OFFSET, ALL / ANY, nested correlated
 * aggregates, latest row per outer row, several aggregates over one correlation).
 */
class RewritePropertyTest {

    record User(int id, String region) {
    }

    record Order(Integer userId, String region, String status, Integer total, Integer quantity) {
    }

    record Data(List<User> users, List<Order> orders) {
    }

    record Query(String aggregate, String comparison, int constant, String filter, boolean byRegion, String use, String outerFilter,
                 String outerJoin) {

        String subquery() {
            return "(SELECT " + aggregate + " FROM orders o WHERE o.user_id = u.id" + (byRegion ? " AND o.region = u.region" : "")
                    + (filter.isEmpty() ? "" : " AND " + filter) + ")";
        }

        String predicate() {
            return comparison.startsWith("IS") ? subquery() + " " + comparison
                    : comparison.equals("+1 >") ? subquery() + " + 1 > " + constant
                    : comparison.equals("< coalesce") ? "COALESCE(" + subquery() + ", -5) < " + constant
                    : subquery() + " " + comparison + " " + constant;
        }

        String sql() {
            List<String> where = new ArrayList<>();
            if (!use.equals("select")) where.add(predicate());
            if (!outerFilter.isEmpty()) where.add(outerFilter);
            return "SELECT u.id" + (outerJoin.isEmpty() ? "" : ", x.id AS x_id") + (use.equals("where") ? "" : ", " + subquery() + " AS agg")
                    + " FROM users u" + outerJoin + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where));
        }
    }

    final List<Rewriter> rewriters = new ArrayList<>();
    final List<RewriteDatabase> dbs = new ArrayList<>();

    @BeforeProperty
    void open() {
        for (TestServers.Server s : TestServers.servers()) {
            RewriteDatabase d = new RewriteDatabase(s);
            dbs.add(d);
            rewriters.add(d.flow.rewriter());
        }
    }

    @AfterProperty
    void close() {
        dbs.forEach(RewriteDatabase::close);
    }

    @Provide
    Arbitrary<Data> data() {
        Arbitrary<String> region = Arbitraries.of("a", "b").injectNull(0.3);
        Arbitrary<List<User>> users = region.list().ofMaxSize(8).map(regions -> {
            List<User> out = new ArrayList<>();
            for (int i = 0; i < regions.size(); i++) out.add(new User(i + 1, regions.get(i)));
            return out;
        });
        Arbitrary<Order> order = Combinators.combine(Arbitraries.integers().between(1, 10).injectNull(0.15), region,
                Arbitraries.of("paid", "pending").injectNull(0.2), Arbitraries.of(0, 10, 20, 50).injectNull(0.2),
                Arbitraries.integers().between(0, 3).injectNull(0.2)).as(Order::new);
        return Combinators.combine(users, order.list().ofMaxSize(25)).as(Data::new);
    }

    @Provide
    Arbitrary<Query> queries() {
        Arbitrary<String> aggregate = Arbitraries.of("COUNT(*)", "COUNT(o.total)", "COUNT(DISTINCT o.status)", "SUM(o.total)", "AVG(o.total)",
                "MIN(o.quantity)", "MAX(o.total)");
        Arbitrary<String> comparison = Arbitraries.of("=", "<>", "<", "<=", ">", ">=", "IS NULL", "IS NOT NULL", "+1 >", "< coalesce");
        Arbitrary<Integer> constant = Arbitraries.of(-1, 0, 1, 2, 3, 10, 50);
        Arbitrary<String> filter = Arbitraries.of("", "o.status = 'paid'", "o.total > 15", "o.total IS NULL", "o.quantity <> 2");
        Arbitrary<String> use = Arbitraries.of("where", "select", "both");
        Arbitrary<String> outer = Arbitraries.of("", "u.region = 'a'", "u.id > 3");
        // the outer query's own joins: none, a LEFT JOIN that repeats users (duplicates) and adds NULLs, an inner join
        Arbitrary<String> join = Arbitraries.of("", " LEFT JOIN orders x ON x.user_id = u.id AND x.quantity > 1",
                " JOIN orders x ON x.user_id = u.id");
        return Combinators.combine(aggregate, comparison, constant, filter, Arbitraries.of(false, true), use, outer, join).as(Query::new);
    }

    @Property(tries = 30)
    void theRewriteReturnsTheOriginalsRowsOrIsDeclined(@ForAll("data") Data data, @ForAll("queries") Query query) throws Exception {
        boolean rewritten = false;
        for (int i = 0; i < dbs.size(); i++) {
            load(dbs.get(i), data);
            RewriteReport r = rewriters.get(i).optimize(query.sql(), RewriteOptions.defaults().optimization(Optimization.DECORRELATE)
                    .verifyOptions(VerifyOptions.defaults().runs(1)));
            if (r.transformations().isEmpty()) {
                assertThat(r.rewritten()).isEqualTo(query.sql());
                assertThat(r.warnings()).as("a declined rewrite says why").isNotEmpty();
                continue;
            }
            rewritten = true;
            assertThat(r.equivalent()).as(query.sql() + "\n→ " + r.rejected() + "\n" + r.firstDifference() + "\n" + data).isTrue();
        }
        Statistics.collect(rewritten ? "rewritten" : "declined");
        Statistics.coverage(c -> c.check("rewritten").percentage(p -> p > 90));
    }

    @Provide
    Arbitrary<String> others() {
        Arbitrary<String> filter = Arbitraries.of("", " AND o.status = 'paid'", " AND o.total > 15", " AND o.quantity IS NULL");
        Arbitrary<String> outer = Arbitraries.of("u.region = 'a'", "u.id > 4", "u.region IS NULL");
        Arbitrary<String> sublink = Combinators.combine(Arbitraries.of("EXISTS", "NOT EXISTS", "IN", "NOT IN"), filter, Arbitraries.of(true, false))
                .as((kind, f, byRegion) -> switch (kind) {
                    case "IN" -> "u.id IN (SELECT o.user_id FROM orders o WHERE o.id > 0" + f + ")";
                    case "NOT IN" -> "u.id NOT IN (SELECT o.buyer_id FROM orders o WHERE o.id > 0" + f + ")";
                    default -> kind + " (SELECT 1 FROM orders o WHERE o.user_id = u.id" + (byRegion ? " AND o.region = u.region" : "") + f + ")";
                });
        Arbitrary<String> semi = Combinators.combine(outer, sublink, Arbitraries.of(" OR ", " AND ")).as((o, l, op) ->
                "SELECT u.id, u.region FROM users u WHERE " + o + op + l);
        Arbitrary<String> op = Arbitraries.of("=", "<", "<=", ">", ">=");
        Arbitrary<String> sargable = Combinators.combine(Arbitraries.of("DATE(o.created_at) %s '2025-01-%02d'", "o.created_at::date %s '2025-01-%02d'",
                "EXTRACT(YEAR FROM o.created_at) %s 202%d", "o.quantity + 1 %s %d", "o.quantity - 2 %s %d", "CAST(o.quantity AS bigint) %s %d"),
                op, Arbitraries.integers().between(0, 9)).as((template, o, n) -> {
                    int v = template.contains("YEAR") ? Math.min(n, 6) : template.contains("2025-01") ? Math.max(1, n) : n - 2;
                    return "SELECT o.id FROM orders o WHERE " + String.format(template, o, v);
                });
        Arbitrary<String> orIn = Arbitraries.of("SELECT o.id FROM orders o WHERE o.status = 'paid' OR o.status = 'pending'",
                "SELECT o.id FROM orders o WHERE (o.quantity = 1 OR o.quantity = 3) AND o.total IS NOT NULL");
        return Arbitraries.oneOf(semi, sargable, orIn);
    }

    @Property(tries = 30)
    void semiJoinsAndSargableRewritesReturnTheOriginalsRowsOrAreDeclined(@ForAll("data") Data data, @ForAll("others") String sql) throws Exception {
        boolean rewritten = false;
        for (int i = 0; i < dbs.size(); i++) {
            load(dbs.get(i), data);
            RewriteReport r = rewriters.get(i).optimize(sql, RewriteOptions.defaults().verifyOptions(VerifyOptions.defaults().runs(1)));
            if (r.transformations().isEmpty()) {
                assertThat(r.rewritten()).isEqualTo(sql);
                assertThat(r.warnings()).as("a declined rewrite says why").isNotEmpty();
                continue;
            }
            rewritten = true;
            assertThat(r.equivalent()).as(sql + "\n→ " + r.rejected() + "\n" + r.firstDifference() + "\n" + data).isTrue();
        }
        Statistics.collect(rewritten ? "rewritten" : "declined (already optimal or not provably exact)");
    }

    /** A query of a shape PostgreSQL leaves as a SubPlan, and which shape it is. */
    record Shaped(String shape, String sql) {
        @Override
        public String toString() {
            return shape + ": " + sql;
        }
    }

    @Provide
    Arbitrary<Shaped> subPlanShapes() {
        Arbitrary<String> filter = Arbitraries.of("", " AND o.status = 'paid'", " AND o.total IS NOT NULL", " AND o.region = u.region");
        Arbitrary<String> outer = Arbitraries.of("", " AND u.id > 3", " OR u.region = 'a'", " OR u.region IS NULL");
        Arbitrary<Shaped> offset = Combinators.combine(Arbitraries.of("EXISTS", "NOT EXISTS"), filter, Arbitraries.of("", " LIMIT 1", " LIMIT 4", " LIMIT ALL"),
                Arbitraries.integers().between(0, 4), outer).as((kind, f, limit, k, o) -> new Shaped("exists_offset",
                "SELECT u.id FROM users u WHERE " + kind + " (SELECT 1 FROM orders o WHERE o.user_id = u.id" + f + limit + " OFFSET " + k + ")" + o));
        Arbitrary<Shaped> quantified = Combinators.combine(Arbitraries.of("u.id", "2", "u.id % 3", "CAST(NULL AS int)"), Arbitraries.of(">", ">=", "<", "<="),
                Arbitraries.of("ALL", "ANY", "SOME"), Arbitraries.of("o.quantity", "o.total", "o.total / 10"), filter, outer)
                .as((x, op, q, y, f, o) -> new Shaped("quantified", "SELECT u.id, u.region FROM users u WHERE " + x + " " + op + " " + q
                        + " (SELECT " + y + " FROM orders o WHERE o.user_id = u.id" + f + ")" + o));
        Arbitrary<Shaped> nested = Combinators.combine(Arbitraries.of("AVG(o2.total)", "MAX(o2.quantity)", "COUNT(*)", "MIN(o2.total)", "SUM(o2.quantity)",
                "COUNT(o2.total)"), Arbitraries.of(">", "<", ">=", "="), Arbitraries.of("o.total", "o.quantity", "o.quantity * 10"),
                Arbitraries.of("", " AND o2.status = 'paid'", " AND o2.total IS NULL"), Arbitraries.of("exists", "in", "join"), Arbitraries.of("u.id", "o.user_id"))
                .as((agg, op, col, f, where, corr) -> {
                    String inner = "(SELECT " + agg + " FROM orders o2 WHERE o2.user_id = " + corr + f + ")";
                    String sql = switch (where) {
                        case "exists" -> "SELECT u.id FROM users u WHERE EXISTS (SELECT 1 FROM orders o WHERE o.user_id = u.id AND " + col + " " + op + " " + inner + ")";
                        case "in" -> "SELECT u.id FROM users u WHERE u.id IN (SELECT o.user_id FROM orders o WHERE " + col + " " + op + " " + inner + ")";
                        default -> "SELECT u.id, o.id AS order_id FROM users u JOIN orders o ON o.user_id = u.id AND " + col + " " + op + " " + inner;
                    };
                    return new Shaped("nested_" + where, sql);
                });
        Arbitrary<Shaped> latest = Combinators.combine(Arbitraries.of("o.total", "o.quantity", "o.status"), Arbitraries.of("o.created_at", "o.total",
                "o.quantity", "o.total DESC NULLS LAST", "o.quantity DESC"), Arbitraries.of("o.id", "o.id DESC"), filter)
                .as((y, order, tie, f) -> new Shaped("latest_row", "SELECT u.id, (SELECT " + y + " FROM orders o WHERE o.user_id = u.id" + f + " ORDER BY "
                        + order + ", " + tie + " LIMIT 1) AS latest, u.region FROM users u"));
        Arbitrary<Shaped> shared = filter.map(f -> new Shaped("shared_aggregates", "SELECT u.id, (SELECT COUNT(*) FROM orders o WHERE o.user_id = u.id" + f
                + "), (SELECT SUM(o.total) FROM orders o WHERE o.user_id = u.id" + f + ") AS spent, (SELECT MAX(o.quantity) FROM orders o WHERE"
                + " o.user_id = u.id" + f + "), (SELECT COUNT(o.total) FROM orders o WHERE o.user_id = u.id" + f + ") AS priced FROM users u"));
        return Arbitraries.oneOf(offset, quantified, nested, latest, shared);
    }

    @Property(tries = 100, edgeCases = net.jqwik.api.EdgeCasesMode.NONE)
    void subPlanShapesReturnTheOriginalsRowsOrAreDeclined(@ForAll("data") Data data, @ForAll("subPlanShapes") Shaped query) throws Exception {
        boolean rewritten = false;
        for (int i = 0; i < dbs.size(); i++) {
            load(dbs.get(i), data);
            RewriteReport r = rewriters.get(i).optimize(query.sql(), RewriteOptions.defaults().verifyOptions(VerifyOptions.defaults().runs(1)));
            assertThat(r.warnings()).as("never 'already optimal' beside a rewrite: " + query).noneMatch(w -> w.contains("already optimal"));
            if (r.rejected() != null) {
                assertThat(r.equivalent()).as("rejected only for speed, never a wrong rewrite: " + query + "\n→ " + r.rejected() + "\n" + r.firstDifference()
                        + "\n" + data).isTrue();
            }
            if (r.transformations().isEmpty()) {
                assertThat(r.rewritten()).isEqualTo(query.sql());
                assertThat(r.warnings()).as("a declined rewrite says why").isNotEmpty();
                continue;
            }
            rewritten = true;
            assertThat(r.equivalent()).as(query + "\n→ " + r.rewritten() + "\n" + r.firstDifference() + "\n" + data).isTrue();
        }
        Statistics.label("shape").collect(query.shape());
        Statistics.label("outcome").collect(rewritten ? "rewritten" : "declined");
        Statistics.label("shape and outcome").collect(query.shape(), rewritten ? "rewritten" : "declined");
        Statistics.label("outcome").coverage(c -> c.check("rewritten").percentage(p -> p > 60));
        Statistics.label("shape").coverage(c -> {
            for (String shape : List.of("exists_offset", "quantified", "nested_exists", "nested_in", "nested_join", "latest_row", "shared_aggregates")) {
                c.check(shape).count(n -> n >= 3);
            }
        });
    }

    private static void load(RewriteDatabase d, Data data) throws Exception {
        try (Connection c = d.db.connect()) {
            try (Statement st = c.createStatement()) {
                st.execute("DELETE FROM orders; DELETE FROM users");
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO users (id, name, region, created_at) VALUES (?, 'u', ?, now())")) {
                for (User u : data.users()) {
                    ps.setInt(1, u.id());
                    ps.setString(2, u.region());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO orders (id, user_id, buyer_id, region, status, total, quantity, created_at)"
                    + " VALUES (?, ?, 1, ?, ?, ?, ?, timestamptz '2024-12-30 20:00+00' + ? * interval '13 hours')")) {
                int id = 1;
                for (Order o : data.orders()) {
                    ps.setInt(1, id++);
                    setInt(ps, 2, o.userId());
                    ps.setString(3, o.region());
                    ps.setString(4, o.status());
                    setInt(ps, 5, o.total());
                    setInt(ps, 6, o.quantity());
                    ps.setInt(7, id * 7 % 23); // crosses day and year boundaries
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }

    private static void setInt(PreparedStatement ps, int i, Integer v) throws Exception {
        if (v == null) ps.setNull(i, Types.INTEGER); else ps.setInt(i, v);
    }
}
