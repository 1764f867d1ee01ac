package io.dataflow.it.mview;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.it.TestServers;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

/**
 * After any sequence of inserts (some late: committed after a refresh though created before it),
 * updates, deletes and refreshes, the upsert summary equals the base query over all rows.
 */
class IncrementalPropertyTest {

    static final String QUERY = "SELECT DATE(created_at) AS sale_date, product_id, COUNT(*) AS units_sold, SUM(total) AS revenue,"
            + " AVG(total) AS avg_total, MIN(total) AS lo, MAX(total) AS hi FROM orders WHERE created_at >= :last_refresh"
            + " GROUP BY DATE(created_at), product_id";
    static final String VISIBLE = "sale_date, product_id, units_sold, revenue, avg_total, lo, hi";

    sealed interface Op permits Insert, LateInsert, Update, Delete, Refresh {
    }

    record Insert(int day, int product, int total) implements Op {
    }

    record LateInsert(int day, int product, int total) implements Op {
    }

    record Update(int idMod, int delta) implements Op {
    }

    record Delete(int idMod) implements Op {
    }

    record Refresh() implements Op {
    }

    List<MviewDatabase> dbs = new ArrayList<>();

    @BeforeProperty
    void open() {
        for (TestServers.Server s : TestServers.servers()) dbs.add(new MviewDatabase(s));
    }

    @AfterProperty
    void close() {
        dbs.forEach(MviewDatabase::close);
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Integer> day = Arbitraries.integers().between(0, 3);
        Arbitrary<Integer> product = Arbitraries.integers().between(1, 3);
        Arbitrary<Integer> total = Arbitraries.integers().between(-5, 50);
        Arbitrary<Op> op = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, net.jqwik.api.Combinators.combine(day, product, total).as(Insert::new)),
                net.jqwik.api.Tuple.of(2, net.jqwik.api.Combinators.combine(day, product, total).as(LateInsert::new)),
                net.jqwik.api.Tuple.of(1, net.jqwik.api.Combinators.combine(Arbitraries.integers().between(2, 7), total).as(Update::new)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(2, 7).map(Delete::new)),
                net.jqwik.api.Tuple.of(3, Arbitraries.just(new Refresh())));
        return op.list().ofMinSize(1).ofMaxSize(25);
    }

    @Property(tries = 25)
    void summaryEqualsTheBaseQueryOverAllRows(@ForAll("ops") List<Op> ops) throws Exception {
        for (MviewDatabase m : dbs) check(m, ops);
    }

    private void check(MviewDatabase m, List<Op> ops) throws Exception {
        m.db.execute("DELETE FROM orders");
        String view = "s" + Long.toHexString(System.nanoTime());
        m.ok("IncrementalMaterializedViewNode", Map.of("name", view, "base_query", QUERY, "merge_strategy", "upsert"));
        int id = 1;
        for (Op op : ops) {
            if (op instanceof Insert i) {
                m.db.execute(insert(id++, i.day(), i.product(), i.total()));
            } else if (op instanceof LateInsert l) {
                // begun before a refresh, committed after it: created_at is older than the new watermark
                try (Connection c = m.db.connect(); Statement st = c.createStatement()) {
                    c.setAutoCommit(false);
                    st.execute(insert(id++, l.day() + 10, l.product(), l.total()));
                    m.flow.mviews().refresh(view);
                    c.commit();
                }
            } else if (op instanceof Update u) {
                m.db.execute("UPDATE orders SET total = total + " + u.delta() + ", created_at = created_at - interval '1 day' WHERE id % " + u.idMod() + " = 0");
            } else if (op instanceof Delete d) {
                m.db.execute("DELETE FROM orders WHERE id % " + d.idMod() + " = 1");
            } else {
                m.flow.mviews().refresh(view);
            }
        }
        m.flow.mviews().refresh(view);
        assertThat(m.rows("SELECT " + VISIBLE + " FROM " + view)).as(ops.toString())
                .isEqualTo(m.rows(QUERY.replace(":last_refresh", "'-infinity'")));
    }

    private static String insert(int id, int daysAgo, int product, int total) {
        return "INSERT INTO orders (id, user_id, product_id, status, created_at, updated_at, total) VALUES (" + id + ", 1, " + product
                + ", 'paid', timestamptz '2026-01-20 12:00+00' - interval '" + daysAgo + " days', now(), " + total + ")";
    }
}
