package io.dataflow.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.DataFlow;
import io.dataflow.DataFlowException;
import io.dataflow.LockTimeoutException;
import io.dataflow.SerializationFailureException;
import io.dataflow.UndefinedTableException;
import io.dataflow.UniqueViolationException;
import io.dataflow.config.ConfigException;
import io.dataflow.crud.Query;
import io.dataflow.model.Model;
import io.dataflow.rewrite.RewriteOptions;
import io.dataflow.rewrite.RewriteReport;
import io.dataflow.rewrite.VerifyOptions;
import io.dataflow.rewrite.Verification;
import io.dataflow.sql.SqlSyntaxException;
import io.dataflow.workflow.Results;
import io.dataflow.workflow.WorkflowFailedException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** What a library user touches first: typed reads, workflow failures, SQL errors by type, rewriting with parameters. */
@ParameterizedClass
@MethodSource("io.dataflow.it.TestServers#servers")
class JavaApiIT extends ServerTest {

    enum Status { PENDING, SHIPPED }

    @Model
    record Item(long id, String name, String status, BigDecimal price, int quantity, Instant createdAt, Instant updatedAt) {
    }

    record Total(String status, long items, double value) {
    }

    record ItemStatus(long id, Status status) {
    }

    DataFlow flow;

    JavaApiIT(TestServers.Server server) {
        super(server);
    }

    @BeforeEach
    void items() {
        flow = db.open();
        flow.register(Item.class).sync();
        var items = flow.repository("Item");
        items.create(Map.of("name", "a", "status", "pending", "price", new BigDecimal("9.50"), "quantity", 2));
        items.create(Map.of("name", "b", "status", "shipped", "price", new BigDecimal("20.00"), "quantity", 1));
        items.create(Map.of("name", "c", "status", "PENDING", "price", new BigDecimal("0.25"), "quantity", 40));
    }

    @AfterEach
    void closeFlow() {
        flow.close();
    }

    @Test
    void typedReadsMapSnakeCaseColumnsToRecordComponents() {
        List<Item> pending = flow.repository(Item.class).list(Map.of("name", Map.of("$in", List.of("a", "c"))));
        assertThat(pending).extracting(Item::name).containsExactly("a", "c");
        assertThat(flow.query("SELECT id, status FROM items ORDER BY id", Map.of(), ItemStatus.class)).extracting(ItemStatus::status)
                .containsExactly(Status.PENDING, Status.SHIPPED, Status.PENDING); // text to enum, any case
        assertThat(pending.get(0).price()).isEqualByComparingTo("9.50");
        assertThat(pending.get(0).createdAt()).isNotNull().isBeforeOrEqualTo(Instant.now());
        assertThat(flow.repository(Item.class).list(Query.all().orderBy("-quantity").page(1, 0))).extracting(Item::name).containsExactly("c");
        Optional<Item> b = flow.repository(Item.class).read(pending.get(0).id() + 1);
        assertThat(b).map(Item::name).contains("b");

        List<Item> viaQuery = flow.query("SELECT * FROM items WHERE quantity > :q ORDER BY id", Map.of("q", 1), Item.class);
        assertThat(viaQuery).extracting(Item::name).containsExactly("a", "c");

        List<Total> totals = flow.query("SELECT lower(status) AS status, count(*) AS items, sum(price * quantity) AS value FROM items"
                + " GROUP BY 1 ORDER BY 1", Map.of(), Total.class); // bigint to long, numeric to double
        assertThat(totals).containsExactly(new Total("pending", 2, 29.0), new Total("shipped", 1, 20.0));

        List<String> labels = flow.query("SELECT name, quantity FROM items ORDER BY id", Map.of(),
                row -> row.getString("name") + "x" + row.getInt("quantity"));
        assertThat(labels).containsExactly("ax2", "bx1", "cx40");
    }

    @Test
    void aRowThatDoesNotFitTheRecordIsRefusedNamingTheComponentAndColumns() {
        assertThatThrownBy(() -> flow.query("SELECT id, name FROM items", Map.of(), Item.class))
                .isInstanceOf(DataFlowException.class).hasMessageContaining("Item.status").hasMessageContaining("its columns: id, name");
        assertThatThrownBy(() -> flow.query("SELECT 1 AS status, 2 AS items, NULL AS value", Map.of(), Total.class))
                .hasMessageContaining("Total.value").hasMessageContaining("NULL").hasMessageContaining("Double");
        @Model
        record Unregistered(long id) {
        }
        assertThatThrownBy(() -> flow.repository(Unregistered.class)).hasMessageContaining("register(Unregistered.class)");
    }

    @Test
    void aFailedNodeMakesOrThrowThrowNamingTheNode() {
        Results ok = flow.runtime().execute(flow.workflow().addNode("ItemListNode", "all", Map.of()).build());
        assertThat(ok.orThrow()).isSameAs(ok);

        Results failed = flow.runtime().execute(flow.workflow()
                .addNode("ItemCreateNode", "dup", Map.of("id", 1, "name", "again", "status", "x", "price", 1, "quantity", 1)).build());
        assertThat(failed.ok()).isFalse(); // a run returns normally...
        assertThatThrownBy(failed::orThrow) // ...and orThrow says which node failed and why
                .isInstanceOf(WorkflowFailedException.class).hasMessageContaining("node 'dup' failed").hasMessageContaining("duplicate key")
                .satisfies(e -> assertThat(((WorkflowFailedException) e).notOk()).containsOnlyKeys("dup"));
    }

    @Test
    void sqlErrorsCarryTheirSqlStateAndTheCommonOnesHaveTheirOwnType() throws Exception {
        assertThatThrownBy(() -> flow.repository("Item").create(Map.of("id", 1, "name", "x", "status", "x", "price", 1, "quantity", 1)))
                .isInstanceOf(UniqueViolationException.class).hasMessageContaining("model Item: create failed")
                .satisfies(e -> assertThat(((DataFlowException) e).sqlState()).isEqualTo("23505"));
        assertThatThrownBy(() -> flow.execute("INSERT INTO items (id, name, status, price, quantity) VALUES (1, 'x', 'x', 1, 1)"))
                .isInstanceOf(UniqueViolationException.class).hasMessageContaining("execute failed");
        assertThatThrownBy(() -> flow.query("SELECT * FROM no_such_table"))
                .isInstanceOf(UndefinedTableException.class).hasMessageContaining("query failed").hasMessageContaining("42P01")
                .satisfies(e -> assertThat(((DataFlowException) e).sqlState()).isEqualTo("42P01"));
        assertThatThrownBy(() -> flow.query("SELEC 1")).isExactlyInstanceOf(DataFlowException.class)
                .satisfies(e -> assertThat(((DataFlowException) e).sqlState()).isEqualTo("42601"));

        try (Connection holder = db.connect(); Statement st = holder.createStatement()) {
            holder.setAutoCommit(false);
            st.executeQuery("SELECT * FROM items WHERE id = 1 FOR UPDATE").close(); // a row lock: NOWAIT refuses at once
            assertThatThrownBy(() -> flow.query("SELECT * FROM items WHERE id = 1 FOR UPDATE NOWAIT"))
                    .isInstanceOf(LockTimeoutException.class).satisfies(e -> assertThat(((DataFlowException) e).sqlState()).isEqualTo("55P03"));
            holder.rollback();
        }

        // two SERIALIZABLE transactions that each read what the other writes: one is rolled back
        try (Connection a = db.connect(); Connection b = db.connect(); Statement sa = a.createStatement(); Statement sb = b.createStatement()) {
            a.setAutoCommit(false);
            b.setAutoCommit(false);
            sa.execute("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE");
            sb.execute("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE");
            sa.executeQuery("SELECT sum(quantity) FROM items WHERE status = 'shipped'").close();
            sb.executeQuery("SELECT sum(quantity) FROM items WHERE status = 'pending'").close();
            sa.executeUpdate("UPDATE items SET quantity = quantity + 1 WHERE status = 'pending'");
            sb.executeUpdate("UPDATE items SET quantity = quantity + 1 WHERE status = 'shipped'");
            a.commit();
            java.sql.SQLException refused = org.junit.jupiter.api.Assertions.assertThrows(java.sql.SQLException.class, b::commit);
            assertThat(io.dataflow.SqlErrors.translate("commit", refused)).isInstanceOf(SerializationFailureException.class)
                    .hasMessageContaining("commit failed").hasMessageContaining("40001");
        }

        assertThat(new SqlSyntaxException("unterminated /* comment", 3)).isInstanceOf(DataFlowException.class);
    }

    @Test
    void theRewriterTakesNamedParametersFromJava() {
        String sql = "SELECT * FROM items i WHERE i.quantity >= :min AND (SELECT COUNT(*) FROM items j WHERE j.status = i.status) > :n";
        RewriteReport r = flow.rewriter().optimize(sql, RewriteOptions.defaults().param("min", 1).param("n", 1));
        assertThat(r.transformations()).isNotEmpty();
        assertThat(r.verified()).isTrue();
        assertThat(r.equivalent()).isTrue();

        Verification v = flow.rewriter().verify("SELECT name FROM items WHERE created_at <= :t",
                "SELECT name FROM items WHERE NOT (created_at > :t)", VerifyOptions.defaults().param("t", Instant.now().toString()));
        assertThat(v.equivalent()).isTrue();
        assertThat(v.rowsBefore()).isEqualTo(3L);

        assertThatThrownBy(() -> flow.rewriter().optimize(sql, RewriteOptions.defaults().param("min", 1)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("params.n").hasMessageContaining("no value was given")
                .hasMessageNotContaining("--param");
    }
}
