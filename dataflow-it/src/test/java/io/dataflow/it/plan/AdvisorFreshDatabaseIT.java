package io.dataflow.it.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.DataFlow;
import io.dataflow.Json;
import io.dataflow.it.TestDatabase;
import io.dataflow.it.TestServers;
import io.dataflow.plan.AdvisedIndex;
import io.dataflow.plan.AdvisorOptions;
import io.dataflow.plan.AdvisorReport;
import io.dataflow.plan.RejectedCandidate;
import io.dataflow.plan.TableState;
import io.dataflow.plan.Workload;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The advisor on databases in the state a user finds them (issue 18): a table bulk-loaded a moment
 * ago with nothing else run, write traffic measured over an observation window, write rates stated.
 * The bulk load is a million rows (issue 18's acceptance); the tables with a writer are smaller.
 */
@ParameterizedClass
@MethodSource("io.dataflow.it.TestServers#servers")
class AdvisorFreshDatabaseIT {

    final TestServers.Server server;
    TestDatabase db;
    DataFlow flow;

    AdvisorFreshDatabaseIT(TestServers.Server server) {
        this.server = server;
    }

    @BeforeEach
    void fresh() {
        db = server.freshDatabase();
        flow = DataFlow.configure().url(db.url()).pool(1, 0, 10).open();
    }

    @AfterEach
    void drop() {
        flow.close();
        db.close();
    }

    /** Bulk-loads {@code rows} orders and as many customers; autovacuum off so "nothing else ran" holds. */
    void load(int rows) {
        db.execute("""
                CREATE TABLE customers (id bigserial PRIMARY KEY, email text NOT NULL, name text) WITH (autovacuum_enabled = false);
                CREATE TABLE orders (id bigserial PRIMARY KEY, customer_id int NOT NULL, status text NOT NULL, total numeric(10, 2),
                                     created_at timestamptz NOT NULL DEFAULT now()) WITH (autovacuum_enabled = false)""");
        db.execute("INSERT INTO customers (email, name) SELECT 'c' || g || '@example.com', 'Customer ' || g FROM generate_series(1, " + rows + ") g");
        db.execute("INSERT INTO orders (customer_id, status, total, created_at) SELECT g % 50000, (ARRAY['pending','paid','shipped'])[1 + g % 3],"
                + " (g % 997) / 10.0, now() - (g % 1000) * interval '1 hour' FROM generate_series(1, " + rows + ") g");
    }

    static TableState table(AdvisorReport r, String name) {
        return r.state().tables().stream().filter(t -> t.table().equals(name)).findFirst().orElseThrow(() -> new AssertionError(name + " not in " + r.state()));
    }

    @Test
    void aFreshlyLoadedMillionRowTableGetsTheObviousIndex() {
        load(1_000_000);
        assertThat(db.value("SELECT n_tup_ins FROM pg_stat_user_tables WHERE relname = 'orders'")).as("the load is in the counters").isNotEqualTo("0");
        Workload workload = Workload.parse("SELECT * FROM orders WHERE customer_id = 4242", "fresh.sql");

        AdvisorReport report = flow.advisor().advise(workload, AdvisorOptions.defaults());
        System.out.println(server + ": " + Json.write(report.state()));
        assertThat(report.indexes()).extracting(AdvisedIndex::table, AdvisedIndex::columns).contains(org.assertj.core.groups.Tuple.tuple("orders",
                java.util.List.of("customer_id")));
        TableState orders = table(report, "orders");
        assertThat(orders.writeSource()).isEqualTo("none");
        assertThat(orders.writeRowsCharged()).as("the bulk load is not a workload").isZero();
        assertThat(report.indexes()).allSatisfy(i -> assertThat(i.writeOverhead()).isZero());
        assertThat(orders.neverAnalyzed()).isTrue();
        assertThat(report.state().warnings()).anySatisfy(w -> assertThat(w).contains("orders has never been analyzed").contains("--analyze"));
        assertThat(report.state().writes()).contains("assumed zero");

        AdvisorReport analyzed = flow.advisor().advise(workload, AdvisorOptions.defaults().analyze(true));
        assertThat(table(analyzed, "orders").analyzedNow()).isTrue();
        assertThat(table(analyzed, "orders").neverAnalyzed()).isFalse();
        assertThat(analyzed.state().warnings()).noneSatisfy(w -> assertThat(w).contains("never been analyzed"));
        assertThat(analyzed.indexes()).extracting(AdvisedIndex::columns).contains(java.util.List.of("customer_id"));
        assertThat(db.value("SELECT count(*) FROM pg_stats WHERE tablename = 'orders'")).isNotEqualTo("0");
    }

    @Test
    void writesMeasuredDuringTheObservationWindowAreChargedAndAPastBulkLoadIsNot() throws Exception {
        load(200_000);
        Workload workload = Workload.parse("""
                SELECT * FROM orders WHERE customer_id = 4242;
                SELECT * FROM customers WHERE email = 'c77@example.com';
                """, "observed.sql");
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong written = new AtomicLong();
        Thread writer = new Thread(() -> {
            try (Connection c = db.connect(); Statement st = c.createStatement()) {
                while (!stop.get()) {
                    written.addAndGet(st.executeUpdate("INSERT INTO orders (customer_id, status, total) SELECT g % 50000, 'pending', 1"
                            + " FROM generate_series(1, 500) g"));
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "writer");
        writer.start();
        AdvisorReport report;
        try {
            Thread.sleep(1500); // the writer's statistics reach the views at most every second
            // a read per minute against the writer's rows per second: the index does not pay
            report = flow.advisor().advise(workload, AdvisorOptions.defaults().observe(Duration.ofSeconds(4)).period(Duration.ofMinutes(1)));
        } finally {
            stop.set(true);
            writer.join();
        }
        System.out.println(server + ": " + written.get() + " rows written; " + Json.write(report.state()));
        TableState orders = table(report, "orders");
        TableState customers = table(report, "customers");
        assertThat(orders.writeSource()).isEqualTo("measured");
        assertThat(orders.writeRowsPerSecond()).isGreaterThan(100);
        assertThat(orders.writeRowsCharged()).isCloseTo(orders.writeRowsPerSecond() * 60, org.assertj.core.data.Percentage.withPercentage(1));
        assertThat(report.state().writes()).contains("measured over 4s");
        assertThat(report.state().periodSeconds()).isEqualTo(60);
        assertThat(customers.writeSource()).isEqualTo("measured");
        assertThat(customers.writeRowsPerSecond()).as("only the past bulk load wrote it").isZero();
        assertThat(customers.writeRowsCharged()).isZero();

        assertThat(report.indexes()).extracting(AdvisedIndex::table).contains("customers").doesNotContain("orders");
        assertThat(report.rejected()).filteredOn(r -> r.table().equals("orders") && r.columns().equals(java.util.List.of("customer_id")))
                .singleElement().satisfies(r -> {
                    assertThat(r.reason()).isEqualTo("write_cost");
                    assertThat(r.writeCost()).isGreaterThan(r.benefit());
                    assertThat(r.benefit()).isPositive();
                });
    }

    @Test
    void statedWriteRatesFromTheOptionsOrTheWorkloadFile() {
        load(100_000);
        String read = "SELECT * FROM orders WHERE customer_id = 4242;\nSELECT * FROM customers WHERE email = 'c77@example.com';";
        AdvisorReport none = flow.advisor().advise(Workload.parse(read, "w.sql"), AdvisorOptions.defaults());
        assertThat(none.indexes()).extracting(AdvisedIndex::table).contains("orders", "customers");

        AdvisorReport stated = flow.advisor().advise(Workload.parse(read, "w.sql"), AdvisorOptions.defaults().writes(Map.of("orders", 50_000.0)));
        assertThat(stated.indexes()).extracting(AdvisedIndex::table).contains("customers").doesNotContain("orders");
        assertThat(table(stated, "orders").writeSource()).isEqualTo("stated");
        assertThat(table(stated, "orders").writeRowsCharged()).isEqualTo(50_000);
        assertThat(stated.state().writes()).contains("stated for orders");

        // the same in the workload file: 500 rows a second, and the weights are executions per hour
        Workload file = Workload.parse("-- period: 1h\n-- writes: public.orders=500/s\n" + read, "w.sql");
        assertThat(file.period()).isEqualTo(Duration.ofHours(1));
        AdvisorReport fromFile = flow.advisor().advise(file, AdvisorOptions.defaults());
        assertThat(table(fromFile, "orders").writeRowsCharged()).isEqualTo(500 * 3600);
        assertThat(fromFile.state().periodSeconds()).isEqualTo(3600);
        assertThat(fromFile.rejected()).anySatisfy(r -> {
            assertThat(r.table()).isEqualTo("orders");
            assertThat(r.reason()).isEqualTo("write_cost");
        });
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> flow.advisor().advise(Workload.parse(read, "w.sql"),
                AdvisorOptions.defaults().writes(Map.of("ordrs", 1.0)).analyze(true))).hasMessageContaining("'ordrs': no such table");
        assertThat(db.value("SELECT count(*) FROM pg_stats WHERE tablename = 'orders'")).as("refused before ANALYZE").isEqualTo("0");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Workload.parse("-- writes: orders=fast\nSELECT 1", "w.sql"))
                .hasMessageContaining("w.sql: -- writes").hasMessageContaining("table=N/s");
    }
}
