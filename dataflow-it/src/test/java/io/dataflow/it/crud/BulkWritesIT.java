package io.dataflow.it.crud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.config.ConfigException;
import io.dataflow.crud.BulkOptions;
import io.dataflow.crud.ModelRepository;
import io.dataflow.crud.Query;
import io.dataflow.crud.UpsertResult;
import io.dataflow.it.TestServers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

@ParameterizedClass
@MethodSource("io.dataflow.it.TestServers#servers")
class BulkWritesIT {

    final TestServers.Server server;
    CrudDatabase db;
    ModelRepository orders;
    ModelRepository stats;

    BulkWritesIT(TestServers.Server server) {
        this.server = server;
    }

    @BeforeEach
    void freshDatabase() {
        db = new CrudDatabase(server, CrudDatabase.guide("Order", "ProductStats"));
        orders = db.repository("Order");
        stats = db.repository("ProductStats");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 1; i <= 100; i++) rows.add(Map.of("id", i, "user_id", i % 10, "status", i <= 30 ? "pending" : "shipped", "total", i));
        orders.bulkCreate(rows, BulkOptions.defaults());
    }

    @AfterEach
    void drop() {
        db.close();
    }

    private long count(Map<String, ?> filter) {
        return orders.list(Query.of(filter)).count();
    }

    @Test
    void bulkUpdateCountsTheRowsItChanged() {
        assertThat(orders.bulkUpdate(Map.of("status", "pending", "total", Map.of("$gt", 20)), Map.of("status", "late"))).isEqualTo(10);
        assertThat(count(Map.of("status", "late"))).isEqualTo(10);
        assertThat(orders.bulkUpdate(Map.of("status", "nothing"), Map.of("status", "x"))).isZero();
        assertThat(orders.bulkUpdate(Map.of(), Map.of("product_id", 5), true)).isEqualTo(100);
        assertThat(count(Map.of("product_id", 5))).isEqualTo(100);
    }

    @Test
    void bulkUpdateRowsUpdatesEachRowByIdInOneTransaction() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 1; i <= 2500; i++) rows.add(i % 2 == 0 ? Map.of("id", i, "status", "even") : Map.of("id", i, "status", "odd", "total", -i));
        // ids above 100 do not exist: counted as 0
        assertThat(orders.bulkUpdateRows(rows)).isEqualTo(100);
        assertThat(count(Map.of("status", "even"))).isEqualTo(50);
        assertThat(count(Map.of("status", "odd", "total", Map.of("$lt", 0)))).isEqualTo(50);

        List<Map<String, Object>> bad = List.of(Map.of("id", 1, "status", "first"), Map.of("id", 2, "total", "NaN-ish"));
        assertThatThrownBy(() -> orders.bulkUpdateRows(bad)).hasMessageContaining("rows[1].total");
        assertThat(orders.read(1).orElseThrow()).containsEntry("status", "odd");
    }

    @Test
    void bulkDeleteNeedsAFilterOrAll() {
        assertThat(orders.bulkDelete(Map.of("status", "pending", "user_id", Map.of("$in", List.of(1, 2))), false)).isEqualTo(6);
        assertThat(orders.bulkDelete(Map.of("status", "nothing"), false)).isZero();
        assertThatThrownBy(() -> orders.bulkDelete(Map.of(), false)).isInstanceOf(ConfigException.class);
        assertThat(db.count("orders")).isEqualTo(94);
        assertThat(orders.bulkDelete(Map.of(), true)).isEqualTo(94);
        assertThat(db.count("orders")).isZero();
    }

    @Test
    void upsertCountsInsertedAndUpdatedOnTheUniqueProductId() {
        UpsertResult first = stats.bulkUpsert(List.of(
                Map.of("product_id", 1, "view_count", 10, "sale_count", 1),
                Map.of("product_id", 2, "view_count", 20, "sale_count", 2),
                Map.of("product_id", 3, "view_count", 30, "sale_count", 3)), List.of("product_id"), null);
        assertThat(first).isEqualTo(new UpsertResult(3, 0));

        UpsertResult second = stats.bulkUpsert(List.of(
                Map.of("product_id", 2, "view_count", 21, "sale_count", 22),
                Map.of("product_id", 3, "view_count", 31, "sale_count", 33),
                Map.of("product_id", 4, "view_count", 40, "sale_count", 4)), List.of("product_id"), null);
        assertThat(second).isEqualTo(new UpsertResult(1, 2));
        assertThat(db.column("SELECT product_id || ':' || view_count || ':' || sale_count FROM product_stats ORDER BY product_id"))
                .containsExactly("1:10:1", "2:21:22", "3:31:33", "4:40:4");

        // only the named update columns change on conflict
        UpsertResult third = stats.bulkUpsert(List.of(Map.of("product_id", 1, "view_count", 11, "sale_count", 99)),
                List.of("product_id"), List.of("view_count"));
        assertThat(third).isEqualTo(new UpsertResult(0, 1));
        assertThat(db.value("SELECT view_count || ':' || sale_count FROM product_stats WHERE product_id = 1")).isEqualTo("11:1");

        // the primary key is an accepted conflict key too
        Object id = stats.list(Query.of(Map.of("product_id", 4))).rows().get(0).get("id");
        assertThat(stats.bulkUpsert(List.of(Map.of("id", id, "product_id", 4, "view_count", 41)), List.of("id"), null))
                .isEqualTo(new UpsertResult(0, 1));
        assertThat(db.value("SELECT view_count || ':' || sale_count FROM product_stats WHERE product_id = 4")).isEqualTo("41:4");
    }

    @Test
    void aLargeUpsertSpansStatementsInOneTransaction() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 2500; i++) rows.add(Map.of("product_id", i, "view_count", i));
        assertThat(stats.bulkUpsert(rows.subList(0, 1200), List.of("product_id"), null)).isEqualTo(new UpsertResult(1200, 0));
        assertThat(stats.bulkUpsert(rows, List.of("product_id"), null)).isEqualTo(new UpsertResult(1300, 1200));
        assertThat(db.count("product_stats")).isEqualTo(2500);
    }

    @Test
    void nonUniqueConflictColumnsAreRefusedListingTheChoices() {
        assertThatThrownBy(() -> stats.bulkUpsert(List.of(Map.of("product_id", 1, "view_count", 1)), List.of("view_count"), null))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("[view_count] is neither the primary key nor a unique index of model ProductStats")
                .hasMessageContaining("accepted: [id], [product_id]");
        assertThatThrownBy(() -> stats.bulkUpsert(List.of(Map.of("product_id", 1, "sale_count", 1)), List.of("product_id", "sale_count"), null))
                .hasMessageContaining("accepted: [id], [product_id]");
        assertThat(db.count("product_stats")).isZero();
    }
}
